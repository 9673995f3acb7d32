"use client";

import { setBuyerPriceBookAction } from "@/actions/billing/set-buyer-price-book";
import { SelectField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

/** The book a buyer is on: one of the seller's books, or the default book (the choice left empty). */
export function BuyerBookForm({
  sellerId,
  buyerId,
  books,
  defaultBook,
  ownBookId,
}: {
  sellerId: string;
  buyerId: string;
  books: { id: string; name: string; currency: string }[];
  defaultBook: { name: string; currency: string } | null;
  ownBookId: string | null;
}) {
  const action = useFormAction(setBuyerPriceBookAction);
  const options = [
    { value: "", label: defaultBook ? `The default book (${defaultBook.name}, ${defaultBook.currency})` : "The default book (none yet)" },
    ...books.map((book) => ({ value: book.id, label: `${book.name} (${book.currency})` })),
  ];
  return (
    <Form binding={action} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="sellerId" value={sellerId} />
      <input type="hidden" name="buyerId" value={buyerId} />
      <div className="w-full empty:hidden">
        <FormMessage state={action.state} />
      </div>
      {/* Keyed by the saved choice: after a save the form resets, and must reset to the book now saved. */}
      <SelectField key={ownBookId ?? ""} idPrefix="buyer-book" className="max-w-md min-w-64 flex-1" label="Price book" name="priceBookId" defaultValue={ownBookId ?? ""} options={options} />
      <SubmitButton pendingLabel="Saving…">Save price book</SubmitButton>
    </Form>
  );
}
