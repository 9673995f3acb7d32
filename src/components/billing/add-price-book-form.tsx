"use client";

import { createPriceBookAction } from "@/actions/billing/create-price-book";
import { SelectField, TextField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

/** "Add price book": a name and one currency (ISO 4217); the seller's first book becomes its default. */
export function AddPriceBookForm({ sellerId, currencies, first }: { sellerId: string; currencies: { value: string; label: string }[]; first: boolean }) {
  const action = useFormAction(createPriceBookAction);
  return (
    <Form binding={action} className="space-y-3">
      <input type="hidden" name="sellerId" value={sellerId} />
      <FormMessage state={action.state} />
      <TextField label="Name" name="name" idPrefix="book" autoComplete="off" placeholder="e.g. Standard" />
      <SelectField label="Currency" name="currency" idPrefix="book" defaultValue="EUR" options={currencies} hint="Every price of the book is in this currency." />
      {first && <p className="text-xs text-slate-600">Your first price book becomes the default: every buyer without a book of its own is on it.</p>}
      <SubmitButton pendingLabel="Adding…">Add price book</SubmitButton>
    </Form>
  );
}
