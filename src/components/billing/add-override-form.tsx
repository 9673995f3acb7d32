"use client";

import { useRef, useState } from "react";
import { addPriceOverrideAction } from "@/actions/billing/add-price-override";
import type { PriceKind } from "@/generated/prisma/enums";
import { SelectField, TextField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { FromMonthField, PriceKeyFields, useFormReset } from "./price-key-fields";

/**
 * "Add override" of a buyer: for a SKU (or every SKU) and kind, from a month on, an own price in the
 * currency of the buyer's book, or a discount in percent of the book's price.
 */
export function AddOverrideForm({
  sellerId,
  buyerId,
  currency,
  months,
  defaultMonth,
  kinds,
}: {
  sellerId: string;
  buyerId: string;
  /** The currency of the buyer's book; null when the seller has no book yet (discounts only). */
  currency: string | null;
  months: { value: string; label: string }[];
  defaultMonth: string;
  /** The kinds the seller prices in, offered for "Every SKU". */
  kinds: readonly PriceKind[];
}) {
  const action = useFormAction(addPriceOverrideAction);
  const [mode, setMode] = useState<"DISCOUNT" | "PRICE">("DISCOUNT");
  const anchor = useRef<HTMLSpanElement>(null);
  useFormReset(anchor, () => setMode("DISCOUNT"));
  return (
    <Form binding={action} className="grid grid-cols-1 items-start gap-3 md:grid-cols-2 xl:grid-cols-3">
      <span ref={anchor} hidden />
      <input type="hidden" name="sellerId" value={sellerId} />
      <input type="hidden" name="buyerId" value={buyerId} />
      <div className="col-span-full empty:hidden">
        <FormMessage state={action.state} />
      </div>
      <PriceKeyFields sellerId={sellerId} idPrefix="override" everySkuKinds={kinds} />
      <SelectField
        idPrefix="override"
        label="Override"
        name="mode"
        value={mode}
        onChange={(event) => setMode(event.target.value as "DISCOUNT" | "PRICE")}
        options={[
          { value: "DISCOUNT", label: "A discount on the book's price" },
          { value: "PRICE", label: "An own price (one SKU)" },
        ]}
      />
      {mode === "DISCOUNT" ? (
        <TextField idPrefix="override" label="Discount (%)" name="discount" inputMode="decimal" autoComplete="off" placeholder="10" hint="Up to two decimals, at most 100." />
      ) : (
        <TextField idPrefix="override" label={`Price (${currency ?? "no price book yet"})`} name="unitPrice" inputMode="decimal" autoComplete="off" placeholder="12.50" />
      )}
      <FromMonthField idPrefix="override" months={months} defaultMonth={defaultMonth} />
      <div className="col-span-full">
        <SubmitButton pendingLabel="Adding…">Add override</SubmitButton>
      </div>
    </Form>
  );
}
