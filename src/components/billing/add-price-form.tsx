"use client";

import { addPriceAction } from "@/actions/billing/add-price";
import { TextField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { FromMonthField, PriceKeyFields } from "./price-key-fields";

/** "Add price" of a book: a new row from a month on; the price it replaces stays as history. */
export function AddPriceForm({
  sellerId,
  bookId,
  currency,
  months,
  defaultMonth,
}: {
  sellerId: string;
  bookId: string;
  currency: string;
  months: { value: string; label: string }[];
  defaultMonth: string;
}) {
  const action = useFormAction(addPriceAction);
  return (
    <Form binding={action} className="grid grid-cols-1 items-start gap-3 md:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-5">
      <input type="hidden" name="sellerId" value={sellerId} />
      <input type="hidden" name="bookId" value={bookId} />
      <div className="col-span-full empty:hidden">
        <FormMessage state={action.state} />
      </div>
      <PriceKeyFields sellerId={sellerId} idPrefix="price" />
      <TextField idPrefix="price" label={`Price (${currency})`} name="unitPrice" inputMode="decimal" autoComplete="off" placeholder="12.50" />
      <FromMonthField idPrefix="price" months={months} defaultMonth={defaultMonth} />
      <div className="col-span-full">
        <SubmitButton pendingLabel="Adding…">Add price</SubmitButton>
      </div>
    </Form>
  );
}
