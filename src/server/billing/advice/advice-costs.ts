import { divideHalfUp } from "@/lib/money";

/**
 * The arithmetic of advice (docs/money.md#advice): integers only, each month rounded half up once,
 * as a statement line of that month would be. Arrays run over the window's months, oldest first.
 */

/** Σ per month of device-days × that month's PAYG unit price ÷ days in that month. */
export function paygCost(options: { deviceDays: readonly number[]; unitPrices: readonly bigint[]; monthDays: readonly number[] }): bigint {
  return options.deviceDays.reduce(
    (sum, days, index) => sum + divideHalfUp(BigInt(days) * options.unitPrices[index]!, BigInt(options.monthDays[index]!)),
    0n,
  );
}

/**
 * A subscription of `units` over the months: units × that month's unit-month price, prorated by
 * the days it is live (every day of the month unless `liveDays` says otherwise), each month rounded once.
 */
export function subscriptionCost(options: {
  units: number;
  unitPrices: readonly bigint[];
  monthDays: readonly number[];
  liveDays?: readonly number[];
}): bigint {
  return options.unitPrices.reduce((sum, price, index) => {
    const days = BigInt(options.monthDays[index]!);
    const live = BigInt(options.liveDays ? options.liveDays[index]! : options.monthDays[index]!);
    return sum + divideHalfUp(BigInt(options.units) * price * live, days);
  }, 0n);
}

export type Suggestion = "SUBSCRIPTION" | "SMALLER_QUANTITY" | "PAYG";

export interface Advice {
  suggestion: Suggestion | null;
  suggestedQuantity: number | null;
  costNowMinor: bigint;
  costWithMinor: bigint;
  savingMinor: bigint;
}

/**
 * PAYG usage against a one-year subscription for the same devices: units = the peak of daily
 * active PAYG devices, every month of the window at its SUBSCRIPTION_MONTH price. Suggested only
 * when it would have cost less.
 */
export function adviseSubscription(options: {
  deviceDays: readonly number[];
  peakUnits: number;
  paygPrices: readonly bigint[];
  subscriptionPrices: readonly bigint[];
  monthDays: readonly number[];
}): Advice {
  const costNowMinor = paygCost({ deviceDays: options.deviceDays, unitPrices: options.paygPrices, monthDays: options.monthDays });
  const costWithMinor = subscriptionCost({ units: options.peakUnits, unitPrices: options.subscriptionPrices, monthDays: options.monthDays });
  const savingMinor = costNowMinor - costWithMinor;
  const worth = options.peakUnits > 0 && savingMinor > 0n;
  return { suggestion: worth ? "SUBSCRIPTION" : null, suggestedQuantity: worth ? options.peakUnits : null, costNowMinor, costWithMinor, savingMinor };
}

/**
 * A subscription contract against a smaller quantity (the peak of daily active devices, at least
 * one unit) and against PAYG for the device-days it actually had (when the service is sold PAYG
 * and a PAYG price exists), over the days it was live: whichever saves more, a smaller quantity
 * when both save the same. Nothing when the peak reaches the quantity or neither saves.
 */
export function adviseContract(options: {
  quantity: number;
  peakUnits: number;
  deviceDays: readonly number[];
  liveDays: readonly number[];
  monthDays: readonly number[];
  subscriptionPrices: readonly bigint[];
  /** null when PAYG is not an option. */
  paygPrices: readonly bigint[] | null;
}): Advice {
  const { quantity, liveDays, monthDays, subscriptionPrices } = options;
  const costNowMinor = subscriptionCost({ units: quantity, unitPrices: subscriptionPrices, monthDays, liveDays });
  const none: Advice = { suggestion: null, suggestedQuantity: null, costNowMinor, costWithMinor: costNowMinor, savingMinor: 0n };
  if (options.peakUnits >= quantity) return none;
  const smaller = Math.max(1, options.peakUnits);
  const candidates: Advice[] = [];
  if (smaller < quantity) {
    const costWithMinor = subscriptionCost({ units: smaller, unitPrices: subscriptionPrices, monthDays, liveDays });
    candidates.push({ suggestion: "SMALLER_QUANTITY", suggestedQuantity: smaller, costNowMinor, costWithMinor, savingMinor: costNowMinor - costWithMinor });
  }
  if (options.paygPrices) {
    const costWithMinor = paygCost({ deviceDays: options.deviceDays, unitPrices: options.paygPrices, monthDays });
    candidates.push({ suggestion: "PAYG", suggestedQuantity: null, costNowMinor, costWithMinor, savingMinor: costNowMinor - costWithMinor });
  }
  const best = candidates.filter((candidate) => candidate.savingMinor > 0n).sort((a, b) => (b.savingMinor > a.savingMinor ? 1 : b.savingMinor < a.savingMinor ? -1 : 0))[0];
  return best ?? none;
}
