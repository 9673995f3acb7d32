import type { PriceKind } from "@/generated/prisma/enums";
import { addMonthsIso } from "@/lib/dates";
import type { SellerPricing } from "../seller-pricing";
import type { AdviceWindow } from "./advice-window";

/**
 * A buyer's unit price of `sku` and `kind` in each month of the window (docs/money.md#advice): the
 * price in force that month; a month before the first price came into force takes the first price
 * that did, up to the current month (a book set up this month still prices last year's usage at
 * what the buyer pays now). null when no price of that kind exists up to the current month.
 */
export function windowPrices(
  pricing: SellerPricing,
  options: { buyerId: string; sku: string; kind: PriceKind; window: AdviceWindow },
): bigint[] | null {
  const { buyerId, sku, kind, window } = options;
  const months = [...window.months];
  for (let month = addMonthsIso(`${window.throughMonth}-01`, 1).slice(0, 7); month <= window.currentMonth; month = addMonthsIso(`${month}-01`, 1).slice(0, 7)) {
    months.push(month);
  }
  const prices = months.map((month) => pricing.priceFor({ buyerId, sku, kind, month })?.unitPriceMinor ?? null);
  // Fill each month without a price from the next month that has one.
  let later: bigint | null = null;
  for (let index = prices.length - 1; index >= 0; index--) {
    if (prices[index] === null) prices[index] = later;
    else later = prices[index]!;
  }
  const inWindow = prices.slice(0, window.months.length);
  return inWindow.every((price) => price !== null) ? (inWindow as bigint[]) : null;
}
