import { formatMoney, formatPercentBp } from "@/lib/money";

/** An override in words: "EUR 10.00" (an own price, in the buyer's book's currency) or "12.5 % discount". */
export function overrideValueLabel(row: { unitPriceMinor: number | null; discountBp: number | null }, currency: string): string {
  if (row.unitPriceMinor !== null) return currency ? formatMoney(row.unitPriceMinor, currency) : String(row.unitPriceMinor);
  return `${formatPercentBp(row.discountBp ?? 0)} discount`;
}
