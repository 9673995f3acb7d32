import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { ctes, withCtes, type Cte } from "@/server/db/with-ctes";
import { kindMatchesUnit } from "./device-service-match";
import { usageRowsSql } from "./usage-rows-sql";

/**
 * The monthly-seat store (usage_seats + usage_seat_counts). Monthly-active
 * seats are distinct over a whole month, so they cannot be summed from daily
 * records; recounting them from the daily activity on every report costs a
 * pass over every device-day of the month. Instead, metering appends each
 * final billable day's seats to usage_seats in the statement that writes the
 * day, and raises the month's count by the seats it actually inserted:
 * - the day itself comes from the `inserted` CTE (usage_daily ON CONFLICT DO NOTHING, RETURNING
 *   account_id, service_id, day, billable),
 *   so a re-run, a catch-up or a concurrent run adds nothing for a day already metered;
 * - usage_seats' key (account, service, month, seat) adds a seat once per month,
 *   whichever day saw it first, and the count grows only by rows inserted.
 * Reports then read one count per (account, service, month) and work out only
 * the days still open live (monthlySeatsSql). A seat is the paired end user,
 * else the device (uuids never collide). Per-package seats later: one more key
 * column in both tables and in the GROUP BYs here.
 */
export function appendSeatsSql(options: { runId: string | null }): Cte<"inserted", "seated" | "seat_counts"> {
  return ctes({ needs: ["inserted"], provides: ["seated", "seat_counts"] }, Prisma.sql`
    seated AS (
      INSERT INTO usage_seats (account_id, service_id, month, seat_id, first_day, run_id)
      SELECT i.account_id, i.service_id, date_trunc('month', i.day::timestamp)::date, COALESCE(act.end_user_id, act.device_id), min(i.day), ${options.runId}::uuid
      FROM inserted i
      JOIN services sv ON sv.id = i.service_id
      JOIN device_daily_activity act ON act.account_id = i.account_id AND act.day = i.day
       AND ${kindMatchesUnit(Prisma.sql`act.kind::text`, Prisma.sql`sv.unit::text`)}
      WHERE i.billable
      GROUP BY 1, 2, 3, 4
      -- A fixed order, so concurrent writers take the key locks in the same sequence.
      ORDER BY 1, 2, 3, 4
      ON CONFLICT (account_id, service_id, month, seat_id) DO NOTHING
      RETURNING account_id, service_id, month
    ), seat_counts AS (
      INSERT INTO usage_seat_counts AS c (account_id, service_id, month, seats)
      SELECT account_id, service_id, month, count(*)::int FROM seated GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (account_id, service_id, month) DO UPDATE SET seats = c.seats + EXCLUDED.seats
      RETURNING 1
    )`);
}

/**
 * Monthly-active seats per (account, service) of `accountIds` for the month
 * [from, until), read after the open days of usageRowsSql({ window: "open" }),
 * as the CTE `month_seats(account_id, service_id, seats)`; on the way, the open
 * days of the month per (account, service) as `open_sums(account_id, service_id,
 * payg_days, mask)` (mask = the billable ones as a day set, null when none bills):
 * - every day of the month that counts is metered: the stored count;
 * - else the seats of the month whose active days (month_active_seats, a bit per
 *   day, kept with the activity: docs/metering.md#daily-counts) meet its billable
 *   days so far — the metered billable days (usage_month_days' day set, kept with
 *   usage_daily: docs/metering.md#month-to-date) and the open billable days, as the
 *   report shows them. When those days are every day of the month up to today and
 *   nothing was active after today, every seat of the month counts: the kept count
 *   (month_seat_counts, one row); otherwise one index range per (account, service),
 *   one row per seat.
 */
export function monthlySeatsCte(options: { accountIds: string[]; from: Date; until: Date }): Cte<"acc" | "counted", "open_sums" | "open_pairs" | "month_seats"> {
  const { accountIds, from, until } = options;
  return ctes({ needs: ["acc", "counted"], provides: ["open_sums", "open_pairs", "month_seats"] }, Prisma.sql`
    open_sums AS (
      SELECT account_id, service_id, sum(payg_days)::int AS payg_days, bit_or(${dayBitSql(Prisma.sql`day`)}) FILTER (WHERE billable) AS mask
      FROM counted WHERE day >= ${from} AND day < ${until} GROUP BY 1, 2
    ), open_pairs AS (
      SELECT o.account_id, o.service_id, sv.unit, o.mask | COALESCE(md.billable_days, 0) AS mask,
             -- The days of the month up to today (all of them once it is over), as a day set.
             ((1::bigint << GREATEST(0, LEAST(acc.today + 1, ${until}::date) - ${from}::date)) - 1)::int AS so_far,
             acc.today
      FROM open_sums o
      JOIN acc ON acc.id = o.account_id
      JOIN services sv ON sv.id = o.service_id
      LEFT JOIN usage_month_days md ON md.account_id = o.account_id AND md.service_id = o.service_id AND md.month = ${from}
      WHERE o.mask IS NOT NULL
    ), month_seats AS (
      SELECT c.account_id, c.service_id, c.seats
      FROM usage_seat_counts c
      WHERE c.account_id = ANY(${accountIds}::uuid[]) AND c.month = ${from}
        AND NOT EXISTS (SELECT 1 FROM open_pairs o WHERE o.account_id = c.account_id AND o.service_id = c.service_id)
      UNION ALL
      SELECT o.account_id, o.service_id,
             CASE WHEN o.mask & o.so_far = o.so_far
                       AND NOT EXISTS (SELECT 1 FROM device_day_counts a
                                       WHERE a.account_id = o.account_id AND a.day > o.today AND a.day < ${until} AND a.devices > 0)
                  THEN COALESCE((SELECT n.seats FROM month_seat_counts n
                                 WHERE n.account_id = o.account_id AND n.month = ${from} AND n.unit = o.unit), 0)
                  ELSE (SELECT count(*)::int FROM month_active_seats m
                        WHERE m.account_id = o.account_id AND m.month = ${from} AND m.unit = o.unit AND m.days & o.mask <> 0) END
      FROM open_pairs o
    )`);
}

/** monthlySeatsCte as a statement: `(account_id, service_id, seats)` rows. */
export function monthlySeatsSql(options: { now: Date; accountIds: string[]; from: Date; until: Date }): Prisma.Sql {
  const { now, ...rest } = options;
  return withCtes(usageRowsSql({ now, accountIds: rest.accountIds, window: "open" }))
    .and(monthlySeatsCte(rest))
    .select(Prisma.sql`SELECT account_id, service_id, seats FROM month_seats`);
}

/** The bit of a local day in its month's day set (month_active_seats.days, month_active_devices.days): bit 0 = the 1st. */
export function dayBitSql(day: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(1 << (extract(day FROM ${day})::int - 1))`;
}

/** The first and last day of a month (a date) in a non-empty day set (an int), as dates. */
export function firstDayOfSetSql(month: Prisma.Sql, days: Prisma.Sql): Prisma.Sql {
  // Trailing zeros of the 32-bit string = the lowest bit set.
  return Prisma.sql`(${month} + (32 - length(rtrim((${days})::bit(32)::text, '0'))))::date`;
}
export function lastDayOfSetSql(month: Prisma.Sql, days: Prisma.Sql): Prisma.Sql {
  // Length without the leading zeros − 1 = the highest bit set.
  return Prisma.sql`(${month} + (length(ltrim((${days})::bit(32)::text, '0')) - 1))::date`;
}
