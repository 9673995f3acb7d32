import "server-only";
import { addMonthsIso, isoDateToDb, monthName, todayIn } from "@/lib/dates";
import { invalid } from "@/lib/errors";
import type { DbTx } from "@/server/db";

/*
 * The months a price or an override may start in (docs/money.md#price-books): the seller's current
 * local month or later, and never a month that is already final for the seller. Months are "YYYY-MM".
 */

/** How many months ahead the "From month" pickers offer. */
export const MONTHS_AHEAD = 24;

/** "2027-01" → "January 2027". */
export const monthLabel = monthName;

export const addMonths = (month: string, months: number): string => addMonthsIso(`${month}-01`, months).slice(0, 7);

/** The seller's current month in its billing timezone. */
export function currentMonthOf(seller: { billingTimezone: string }, now: Date): string {
  return todayIn(seller.billingTimezone, now).slice(0, 7);
}

/**
 * The latest month with a final statement of the seller, or null. A price starting in or before it
 * would apply to that final month (a row is in force until a later one), so it is refused.
 */
export async function lastFinalMonthOf(db: DbTx, sellerId: string): Promise<string | null> {
  const latest = await db.statement.findFirst({
    where: { sellerAccountId: sellerId, status: "FINAL" },
    orderBy: { month: "desc" },
    select: { month: true },
  });
  return latest ? latest.month.toISOString().slice(0, 7) : null;
}

/** The first month a new price or override of the seller may start in. */
export async function firstOpenMonthOf(db: DbTx, seller: { id: string; billingTimezone: string }, now: Date): Promise<string> {
  const current = currentMonthOf(seller, now);
  const final = await lastFinalMonthOf(db, seller.id);
  return final && final >= current ? addMonths(final, 1) : current;
}

/** The months a "From month" picker offers, from the first open month on; the default is next month. */
export async function fromMonthChoices(db: DbTx, seller: { id: string; billingTimezone: string }, now: Date) {
  const first = await firstOpenMonthOf(db, seller, now);
  const months = Array.from({ length: MONTHS_AHEAD }, (_, index) => addMonths(first, index));
  const next = addMonths(currentMonthOf(seller, now), 1);
  return { options: months.map((value) => ({ value, label: monthLabel(value) })), defaultMonth: months.includes(next) ? next : first };
}

/**
 * Refuses `month` (on the field `field`) when it is before the seller's current month or not after
 * its last final month. Call inside the transaction that writes.
 */
export async function assertOpenMonth(db: DbTx, seller: { id: string; billingTimezone: string }, month: string, now: Date, field = "fromMonth"): Promise<void> {
  const current = currentMonthOf(seller, now);
  if (month < current) {
    throw invalid("Check the highlighted fields.", { [field]: [`Choose ${monthLabel(current)} or later: a price never changes a month that has begun before it.`] }, "MONTH_PAST");
  }
  const final = await lastFinalMonthOf(db, seller.id);
  if (final && month <= final) {
    throw invalid("Check the highlighted fields.", { [field]: [`${monthLabel(final)} is final: its statements are issued. Choose ${monthLabel(addMonths(final, 1))} or later.`] }, "MONTH_FINAL");
  }
}

/** A month as stored in a `date` column: its first day. */
export const monthToDb = (month: string): Date => isoDateToDb(`${month}-01`);
