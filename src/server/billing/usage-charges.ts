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
    forecastUnitsHundredths?: Map<string, number> | null;
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
  const totalMinor = priced.reduce((sum, line) => sum + line.amountMinor, 0n);
  const charges: UsageCharges = {
    seller: { id: parent.id, name: parent.name },
    book: pricing.bookOf(account.id),
    lines: priced.map((line) => ({ ...line, forecastMinor: null })),
    totalMinor,
    forecastTotalMinor: null,
  };
  return options.forecastUnitsHundredths ? withForecasts(charges, options.forecastUnitsHundredths) : charges;
}

/**
 * The charges with the report's month-end forecast priced in: a PAYG line at its service's
 * forecast units (hundredths × unit price, rounded half up once), every other line as it stands.
 * Apart from pricing so the usage page can price the month while the report is still computing.
 */
export function withForecasts(charges: UsageCharges, forecasts: Map<string, number> | null): UsageCharges {
  if (!forecasts) return charges;
  const lines = charges.lines.map((line) => {
    const hundredths = line.kind === "PAYG" && line.serviceId ? forecasts.get(line.serviceId) : undefined;
    return { ...line, forecastMinor: hundredths === undefined ? null : divideHalfUp(BigInt(hundredths) * line.unitPriceMinor, 100n) };
  });
  return { ...charges, lines, forecastTotalMinor: lines.reduce((sum, line) => sum + (line.forecastMinor ?? line.amountMinor), 0n) };
}
