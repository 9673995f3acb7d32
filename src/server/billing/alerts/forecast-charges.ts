import "server-only";
import { daysInMonthOf, todayIn } from "@/lib/dates";
import { divideHalfUp } from "@/lib/money";
import type { DbTx } from "@/server/db";
import { forecastHundredths, lastBillableDayOf } from "@/server/usage";
import { loadChargeInputs, priceChargeLines } from "../charge-lines";
import { isSeller } from "../seller-charges";
import { loadSellerPricing } from "../seller-pricing";

export interface ForecastAccount {
  id: string;
  name: string;
  parentId: string | null;
  billingTimezone: string;
}

export interface ForecastCharge {
  /** "YYYY-MM": the account's current local month. */
  month: string;
  currency: string;
  bookName: string;
  /** What the month is charged so far, and the month-end forecast. */
  totalMinor: bigint;
  forecastMinor: bigint;
}

/**
 * The month-end forecast of each account's own charges, as its usage report's Charges show them
 * (docs/money.md#alerts): the month's lines at its seller's prices for it, PAYG lines at the
 * forecast units (the run rate so far up to the service's last billable day, in hundredths, ×
 * the unit price, rounded half up once), every other line as it stands. Accounts are read together
 * per seller and month: a few statements whatever their number. No book, no forecast.
 */
export async function forecastCharges(db: DbTx, options: { accounts: ForecastAccount[]; now: Date }): Promise<Map<string, ForecastCharge>> {
  const { now } = options;
  const parents = await db.account.findMany({
    where: { id: { in: [...new Set(options.accounts.map((a) => a.parentId).filter((id): id is string => id !== null))] } },
    select: { id: true, kind: true },
  });
  const sellers = new Map(parents.filter((parent) => isSeller(parent.kind)).map((parent) => [parent.id, parent]));
  const groups = new Map<string, ForecastAccount[]>();
  for (const account of options.accounts) {
    if (!account.parentId || !sellers.has(account.parentId)) continue;
    const key = `${account.parentId}/${todayIn(account.billingTimezone, now).slice(0, 7)}`;
    groups.set(key, [...(groups.get(key) ?? []), account]);
  }
  const result = new Map<string, ForecastCharge>();
  for (const [key, accounts] of groups) {
    const [sellerId, month] = key.split("/") as [string, string];
    const [pricing, inputs] = await Promise.all([
      loadSellerPricing(db, { sellerId, buyerIds: accounts.map((a) => a.id) }),
      loadChargeInputs(db, { accounts, month, now, withPoolOrders: sellers.get(sellerId)!.kind === "DISTRIBUTOR" }),
    ]);
    const lines = priceChargeLines(inputs, { pricing, buyerOf: (accountId) => accountId });
    const daysInMonth = daysInMonthOf(month);
    for (const account of accounts) {
      const book = pricing.bookOf(account.id);
      if (!book) continue;
      const today = todayIn(account.billingTimezone, now);
      let totalMinor = 0n;
      let forecastMinor = 0n;
      for (const line of lines.filter((l) => l.usageAccountId === account.id)) {
        totalMinor += line.amountMinor;
        if (line.kind !== "PAYG" || !line.serviceId) {
          forecastMinor += line.amountMinor;
          continue;
        }
        const contracts = inputs.contracts.filter((c) => c.accountId === account.id && c.serviceId === line.serviceId);
        const hundredths = forecastHundredths({
          deviceDays: Number(line.quantityNum),
          today,
          daysInMonth,
          lastBillableDay: lastBillableDayOf(contracts, account.billingTimezone, null),
        });
        forecastMinor += divideHalfUp(BigInt(hundredths) * line.unitPriceMinor, 100n);
      }
      result.set(account.id, { month, currency: book.currency, bookName: book.name, totalMinor, forecastMinor });
    }
  }
  return result;
}
