import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { withCtes } from "@/server/db/with-ctes";
import { monthlySeatsCte } from "./seat-store";
import { usageRowsSql } from "./usage-rows-sql";

/** One line of the roll-up: an (account, service) pair's PAYG device-days and seats in the month. */
export interface RollupRow {
  account_id: string;
  service_id: string;
  payg_days: number;
  seats: number;
}

/**
 * The roll-up of `accountIds` for the month [from, until) in one statement, a row per
 * (account, service) with usage in it, never a row per day: the metered days' device-days
 * as kept per month (usage_month_days, docs/metering.md#month-to-date) plus the open days
 * computed live by the metering's own definition (usageRowsSql, window "open" — the two
 * never overlap: open days start after each watermark), and the month's seats, read after
 * the same open days. The per-day rows of usageDaysSql add up to the same figures; the
 * roll-up of 1,000 accounts just no longer reads or sends them.
 */
export function usageRollupSql(options: { now: Date; accountIds: string[]; from: Date; until: Date }): Prisma.Sql {
  const { now, accountIds, from, until } = options;
  return withCtes(usageRowsSql({ now, accountIds, window: "open" }))
    .and(monthlySeatsCte({ accountIds, from, until }))
    .select(Prisma.sql`
    SELECT d.account_id, d.service_id, d.payg_days, COALESCE(s.seats, 0) AS seats
    FROM (
      SELECT account_id, service_id, sum(days)::int AS payg_days
      FROM (
        SELECT account_id, service_id, payg_device_days AS days FROM usage_month_days
        WHERE account_id = ANY(${accountIds}::uuid[]) AND month = ${from}
        UNION ALL
        SELECT account_id, service_id, payg_days FROM counted WHERE day >= ${from} AND day < ${until}
      ) u
      GROUP BY account_id, service_id
    ) d
    LEFT JOIN month_seats s ON s.account_id = d.account_id AND s.service_id = d.service_id`);
}
