import type { PriceKind } from "@/generated/prisma/enums";
import type { SellerPricing } from "../seller-pricing";
import type { AdviceWindow } from "./advice-window";

/** "YYYY-MM" one month later, by arithmetic (this runs for every subject of every account). */
function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7));
  return index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, "0")}`;
}

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
  for (let month = nextMonth(window.throughMonth); month <= window.currentMonth; month = nextMonth(month)) months.push(month);
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

/**
 * windowPrices remembered per (buyer, SKU, kind, window): an account's gateways, its service and its
 * contracts of one package share one lookup instead of one each.
 */
export function cachedWindowPrices(pricing: SellerPricing): (options: { buyerId: string; sku: string; kind: PriceKind; window: AdviceWindow }) => bigint[] | null {
  const cache = new Map<string, bigint[] | null>();
  return (options) => {
    const key = `${options.buyerId}|${options.sku}|${options.kind}|${options.window.throughMonth}|${options.window.currentMonth}`;
    if (!cache.has(key)) cache.set(key, windowPrices(pricing, options));
    return cache.get(key)!;
  };
}
