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
    <Form binding={action} className="space-y-3">
      <input type="hidden" name="sellerId" value={sellerId} />
      <input type="hidden" name="bookId" value={bookId} />
      <FormMessage state={action.state} />
      <PriceKeyFields sellerId={sellerId} idPrefix="price" />
      <TextField idPrefix="price" label={`Price (${currency})`} name="unitPrice" inputMode="decimal" autoComplete="off" placeholder="12.50" />
      <FromMonthField idPrefix="price" months={months} defaultMonth={defaultMonth} />
      <SubmitButton pendingLabel="Adding…">Add price</SubmitButton>
    </Form>
  );
}
