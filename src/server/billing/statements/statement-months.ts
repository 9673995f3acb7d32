import "server-only";
import { addDaysIso, addMonthsIso, daysInMonthOf, todayIn } from "@/lib/dates";
import type { DbTx } from "@/server/db";
import { cutOffDayOf } from "@/server/usage";

/** An account of a seller's tree, as the statements read it. */
export interface TreeAccount {
  id: string;
  name: string;
  path: string;
  parentId: string | null;
  billingTimezone: string;
}

/** Where a buyer's months stand on `now` (docs/money.md#statements). */
export interface BuyerClock {
  /** The last local day final for every account of its tree (the earliest of their cut-off days). */
  finalThrough: string;
  /** The first month not final for its whole tree. */
  firstOpenMonth: string;
  /** The latest local month any account of its tree is in. */
  currentMonth: string;
}

/** "2026-06" + 1 → "2026-07". */
export const addMonths = (month: string, months: number): string => addMonthsIso(`${month}-01`, months).slice(0, 7);

export const lastDayOf = (month: string): string => `${month}-${String(daysInMonthOf(month)).padStart(2, "0")}`;

/**
 * Each buyer's clock: a month is final for a buyer when its last day is at or before the cut-off
 * day (its late window closed, cutOffDayOf) of every account in the buyer's tree, each in its own
 * timezone. `buyerOf` names the buyer of a tree account.
 */
export function buyerClocks(accounts: readonly TreeAccount[], buyerOf: (account: TreeAccount) => string, now: Date): Map<string, BuyerClock> {
  const clocks = new Map<string, { finalThrough: string; currentMonth: string }>();
  for (const account of accounts) {
    const today = todayIn(account.billingTimezone, now);
    const cutOff = cutOffDayOf(today);
    const buyer = buyerOf(account);
    const clock = clocks.get(buyer);
    clocks.set(buyer, {
      finalThrough: clock && clock.finalThrough < cutOff ? clock.finalThrough : cutOff,
      currentMonth: clock && clock.currentMonth > today.slice(0, 7) ? clock.currentMonth : today.slice(0, 7),
    });
  }
  return new Map(
    [...clocks].map(([buyer, clock]) => {
      // The month after the cut-off day's month, unless the cut-off day is not its month's last.
      const cutOffMonth = clock.finalThrough.slice(0, 7);
      const firstOpenMonth = lastDayOf(cutOffMonth) === clock.finalThrough ? addMonths(cutOffMonth, 1) : cutOffMonth;
      return [buyer, { ...clock, firstOpenMonth }];
    }),
  );
}

/**
 * The (account, month) pairs among `accountIds` and `months` that have metered days without the
 * roll-up of that month: such a month is not final yet, whatever the clock says (the daily run
 * rolls up before it writes statements, so this only holds back a month whose roll-up failed).
 * One statement. Keys are "<account id>|YYYY-MM".
 */
export async function notRolledUp(db: DbTx, accountIds: string[], months: string[]): Promise<Set<string>> {
  if (accountIds.length === 0 || months.length === 0) return new Set();
  const sorted = [...months].sort();
  const from = `${sorted[0]}-01`;
  const until = addDaysIso(lastDayOf(sorted.at(-1)!), 1);
  const rows = await db.$queryRaw<{ account_id: string; month: string }[]>`
    SELECT p.account_id, to_char(p.month, 'YYYY-MM') AS month
    FROM (
      SELECT DISTINCT account_id, service_id, date_trunc('month', day)::date AS month
      FROM usage_daily
      WHERE account_id = ANY(${accountIds}::uuid[]) AND day >= ${from}::date AND day < ${until}::date
    ) p
    WHERE NOT EXISTS (SELECT 1 FROM usage_monthly m
                      WHERE m.account_id = p.account_id AND m.service_id = p.service_id AND m.month = p.month)`;
  return new Set(rows.map((row) => `${row.account_id}|${row.month}`));
}
