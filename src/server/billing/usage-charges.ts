import "server-only";
import { divideHalfUp } from "@/lib/money";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { loadChargeInputs, priceChargeLines, type ChargeLine } from "./charge-lines";
import { isSeller } from "./seller-charges";
import { loadSellerPricing, type BookRef } from "./seller-pricing";

/** What an account's own usage of a month costs it, at its seller's prices (docs/money.md#who-sees-money). */
export interface UsageCharges {
  seller: { id: string; name: string } | null;
  book: BookRef | null;
  lines: (ChargeLine & { forecastMinor: bigint | null })[];
  totalMinor: bigint;
  /** The month-end forecast: PAYG lines at their forecast units, every other line as it stands; null for past months. */
  forecastTotalMinor: bigint | null;
}

/**
 * The Charges of an account's usage report: its own usage (not its children's) priced at its
 * parent's book for it — what it pays. Never a price from above its seller: a customer sees its
 * MSSP's prices for it, never what the MSSP pays its distributor.
 */
export async function getUsageCharges(
  db: DbTx,
  options: {
    actor: Actor;
    accountId: string;
    /** "YYYY-MM" */
    month: string;
    now: Date;
    /** The report's month-end forecast of billable units per service (hundredths), current month only. */
    forecastUnitsHundredths: Map<string, number> | null;
  },
): Promise<UsageCharges> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "usage:read", account);
  const parent = account.parentId
    ? await db.account.findUnique({ where: { id: account.parentId }, select: { id: true, name: true, kind: true } })
    : null;
  if (!parent || !isSeller(parent.kind)) return { seller: null, book: null, lines: [], totalMinor: 0n, forecastTotalMinor: null };

  const [pricing, inputs] = await Promise.all([
    loadSellerPricing(db, { sellerId: parent.id, buyerIds: [account.id] }),
    loadChargeInputs(db, { accounts: [account], month: options.month, now: options.now, withPoolOrders: parent.kind === "DISTRIBUTOR" }),
  ]);
  const priced = priceChargeLines(inputs, { pricing, buyerOf: () => account.id });
  const forecasts = options.forecastUnitsHundredths;
  const lines = priced.map((line) => {
    const hundredths = line.kind === "PAYG" && line.serviceId ? forecasts?.get(line.serviceId) : undefined;
    return { ...line, forecastMinor: hundredths === undefined ? null : divideHalfUp(BigInt(hundredths) * line.unitPriceMinor, 100n) };
  });
  const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0n);
  return {
    seller: { id: parent.id, name: parent.name },
    book: pricing.bookOf(account.id),
    lines,
    totalMinor,
    forecastTotalMinor: forecasts ? lines.reduce((sum, line) => sum + (line.forecastMinor ?? line.amountMinor), 0n) : null,
  };
}
