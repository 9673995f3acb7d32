import { z } from "zod";
import "zod-openapi";
import { CURRENCY, quantityText } from "@/lib/money";
import { CHARGE_KIND_LABEL, type ChargeKind } from "./charge-labels";
import type { ChargeLine } from "./charge-lines";
import type { UsageCharges } from "./usage-charges";

/*
 * Money and charge lines as the API answers them (docs/api.md#usage, #statements): amounts in
 * integer minor units with their currency, quantities as decimal strings with four decimals.
 */

export const moneySchema = z
  .object({
    amountMinor: z.int().meta({ description: "Integer minor units of the currency (cents).", example: 13750 }),
    currency: z.string().length(3).meta({ description: "ISO 4217 code.", example: "EUR" }),
  })
  .meta({ id: "Money" });
export type MoneyJson = z.infer<typeof moneySchema>;

export const money = (minor: bigint, currency: string): MoneyJson => ({ amountMinor: Number(minor), currency });

/** A line as billed: the fields a usage charge line and a statement line share. */
export const chargeLineFields = {
  usageAccountId: z.guid().meta({ description: "The account whose usage the line bills." }),
  usageAccountName: z.string(),
  service: z.string().meta({ example: "Quantum Spark Management" }),
  sku: z.string().meta({ example: "QSM-MGMT-STD" }),
  description: z.string(),
  quantity: z.string().meta({ description: "Exact quantity with four decimals (rounded half up for display only).", example: "11.0000" }),
  unit: z.string().meta({ example: "unit-month" }),
  unitPrice: moneySchema,
  amount: moneySchema.meta({ description: "Quantity × unit price, rounded half up once." }),
  correctsMonth: z.string().nullable().meta({ description: "YYYY-MM of the month an adjustment corrects." }),
  note: z.string(),
};

/** The shared fields of a line, from a charge line or a stored statement line. */
export function chargeLineJson(
  line: Pick<ChargeLine, "usageAccountId" | "usageAccountName" | "serviceName" | "sku" | "description" | "quantityE4" | "unit" | "unitPriceMinor" | "amountMinor" | "correctsMonth" | "note">,
  currency: string,
) {
  return {
    usageAccountId: line.usageAccountId,
    usageAccountName: line.usageAccountName,
    service: line.serviceName,
    sku: line.sku,
    description: line.description,
    quantity: quantityText(line.quantityE4),
    unit: line.unit,
    unitPrice: money(line.unitPriceMinor, currency),
    amount: money(line.amountMinor, currency),
    correctsMonth: line.correctsMonth,
    note: line.note,
  };
}

const chargeKinds = Object.keys(CHARGE_KIND_LABEL) as [ChargeKind, ...ChargeKind[]];

export const usageChargesSchema = z
  .object({
    seller: z.object({ id: z.guid(), name: z.string() }).meta({ description: "Who bills the account: its parent." }),
    priceBook: z.string().nullable().meta({ description: "The seller's price book for the account (null when it has none)." }),
    currency: z.string().length(3),
    lines: z.array(
      z.object({
        kind: z.enum(chargeKinds),
        ...chargeLineFields,
        forecastAmount: moneySchema.nullable().meta({ description: "PAYG lines of the current month: the amount at the month-end forecast." }),
      }),
    ),
    total: moneySchema,
    forecastTotal: moneySchema.nullable().meta({ description: "The current month only: PAYG lines at their forecast, others as they stand." }),
  })
  .meta({
    id: "UsageCharges",
    description: "The account's own usage of the month priced at its seller's book for it: what it pays, never what its seller pays upward.",
  });

/** Null for an account without a seller (a root distributor): nobody bills it. */
export function usageChargesJson(charges: UsageCharges): z.input<typeof usageChargesSchema> | null {
  if (!charges.seller) return null;
  const currency = charges.book?.currency ?? CURRENCY;
  return {
    seller: charges.seller,
    priceBook: charges.book?.name ?? null,
    currency,
    lines: charges.lines.map((line) => ({
      kind: line.kind,
      ...chargeLineJson(line, currency),
      forecastAmount: line.forecastMinor === null ? null : money(line.forecastMinor, currency),
    })),
    total: money(charges.totalMinor, currency),
    forecastTotal: charges.forecastTotalMinor === null ? null : money(charges.forecastTotalMinor, currency),
  };
}
