import type { SellerPricing } from "../seller-pricing";
import { adviseContract, adviseSubscription, type Advice } from "./advice-costs";
import type { AdviceWindow } from "./advice-window";
import type { AdviceUsage } from "./read-advice-usage";
import type { cachedWindowPrices } from "./window-prices";

/** What a subject is on now, as pricing needs it. */
export interface AdviceSubjectNow {
  /** The package SKU whose prices apply: the PAYG contract's package (else the service's default), or the contract's. */
  sku: string;
  /** Gateways: on PAYG now; services: a PAYG contract live now (contracts are read only while live). */
  current: boolean;
  /** Contracts: the quantity. */
  quantity: number | null;
  /** Whether the service is sold PAYG / by subscription (its contract types). */
  sellsPayg: boolean;
  sellsSubscription: boolean;
}

/** A seller's prices for its buyers, and its window prices remembered (cachedWindowPrices). */
export interface AdvicePricing {
  pricing: SellerPricing;
  windowPrices: ReturnType<typeof cachedWindowPrices>;
}

/** A priced piece of advice, as stored (docs/money.md#advice). */
export interface PricedAdvice {
  sku: string;
  quantity: number | null;
  suggestion: Advice["suggestion"];
  suggestedQuantity: number | null;
  currency: string | null;
  priceBookName: string | null;
  costNowMinor: bigint | null;
  costWithMinor: bigint | null;
  savingMinor: bigint | null;
  note: string;
}

const KIND_WORDS = { PAYG_UNIT: "Pay-As-You-Go", SUBSCRIPTION_MONTH: "subscription" } as const;

/**
 * Prices one subject's window at what its account pays its seller (`pricing`, the parent's book for
 * the account): each month at that month's prices. Without a price of a kind the comparison needs,
 * nothing is suggested and the note says which price is missing — never a made-up number.
 */
export function priceAdvice(usage: AdviceUsage, now: AdviceSubjectNow, seller: AdvicePricing | null, window: AdviceWindow): PricedAdvice {
  const pricing = seller?.pricing ?? null;
  const base = { sku: now.sku, quantity: now.quantity, suggestion: null, suggestedQuantity: null, costNowMinor: null, costWithMinor: null, savingMinor: null };
  const book = pricing?.bookOf(usage.accountId) ?? null;
  if (!pricing || !book) return { ...base, currency: null, priceBookName: null, note: "No price book applies to this account." };
  const priced = { ...base, currency: book.currency, priceBookName: book.name };
  const prices = (kind: keyof typeof KIND_WORDS) => seller!.windowPrices({ buyerId: usage.accountId, sku: now.sku, kind, window });
  const missing = (kind: keyof typeof KIND_WORDS) => `No ${KIND_WORDS[kind]} price for ${now.sku} in ${book.name}.`;
  const subscriptionPrices = prices("SUBSCRIPTION_MONTH");
  if (!subscriptionPrices) return { ...priced, note: missing("SUBSCRIPTION_MONTH") };

  if (usage.subjectType === "CONTRACT") {
    const paygPrices = now.sellsPayg ? prices("PAYG_UNIT") : null;
    const advice = adviseContract({
      quantity: now.quantity!,
      peakUnits: usage.peakUnits,
      deviceDays: usage.monthlyDeviceDays,
      liveDays: usage.monthlyLiveDays,
      monthDays: window.monthDays,
      subscriptionPrices,
      paygPrices,
    });
    return { ...priced, ...advice, note: "" };
  }

  const paygPrices = prices("PAYG_UNIT");
  if (!paygPrices) return { ...priced, note: missing("PAYG_UNIT") };
  const advice = adviseSubscription({ deviceDays: usage.monthlyDeviceDays, peakUnits: usage.peakUnits, paygPrices, subscriptionPrices, monthDays: window.monthDays });
  const reason = !now.current
    ? usage.subjectType === "GATEWAY" ? "The gateway is no longer on Pay-As-You-Go." : "No Pay-As-You-Go contract is live any more."
    : !now.sellsSubscription ? "The service is not sold by subscription." : "";
  return reason ? { ...priced, ...advice, suggestion: null, suggestedQuantity: null, note: reason } : { ...priced, ...advice, note: "" };
}
