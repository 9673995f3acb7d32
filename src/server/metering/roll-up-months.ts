import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { LATE_WINDOW_DAYS } from "./device-service-match";

/**
 * Rolls up every completed local month whose days are all final (its last day
 * is at least 4 days ago in the account's timezone) and not yet rolled up:
 * PAYG device-days (Σ of the daily records), monthly-active seats (a user with
 * paired devices once, a standalone device once, silent ones not at all,
 * only on billable days of a live contract — counted into usage_seat_counts as
 * each day was metered) and the corrections of the month.
 * Keyed (account, service, month); ON CONFLICT DO NOTHING makes it exactly once.
 */
export async function rollUpMonths(db: Db, options: { now: Date; runId?: string; accountIds?: string[] }): Promise<number> {
  const { now } = options;
  const scope = options.accountIds ? Prisma.sql`AND a.id = ANY(${options.accountIds}::uuid[])` : Prisma.empty;
  // One statement and no transaction around it: with seats pre-aggregated it takes
  // milliseconds, so round trips would dominate (bench:meter). Two runs at once (the daily
  // job is already serialised per day by its run record) cannot count twice: a month the
  // other run inserted first conflicts on the natural key and is skipped, and the count
  // returned is of the rows this call inserted.
  const rows = await db.$queryRaw<{ count: number }[]>`
    WITH acc AS (
      -- A month is due when its last day is final: every day before the month of (last final day + 1).
      SELECT a.id, date_trunc('month', ((${now}::timestamptz AT TIME ZONE a.billing_timezone)::date - ${LATE_WINDOW_DAYS}::int)::timestamp)::date AS due_before
      FROM accounts a WHERE true ${scope}
    ), pending AS (
      -- Each (account, service) ever metered has a watermark; months roll up in order (the daily
      -- run meters every final day before it rolls up), so only the days after the last month
      -- rolled up are read — a range of the (account, service, day) key, whatever the history.
      SELECT w.account_id, w.service_id, acc.due_before,
             COALESCE((SELECT (max(m.month) + interval '1 month')::date FROM usage_monthly m
                       WHERE m.account_id = w.account_id AND m.service_id = w.service_id), '-infinity'::date) AS from_day
      FROM metering_watermarks w JOIN acc ON acc.id = w.account_id
    ), sums AS MATERIALIZED (
      -- (date_trunc of a timestamp, not of a date: no per-row time-zone conversion.)
      SELECT u.account_id, u.service_id, date_trunc('month', u.day::timestamp)::date AS month,
             sum(u.payg_device_days)::int AS payg_device_days
      FROM pending p
      JOIN usage_daily u ON u.account_id = p.account_id AND u.service_id = p.service_id
       AND u.day >= p.from_day AND u.day < p.due_before
      GROUP BY 1, 2, 3
    ), corrections AS (
      SELECT s.account_id, s.service_id, s.month, sum(c.delta)::int AS days
      FROM sums s JOIN usage_corrections c
        ON c.account_id = s.account_id AND c.service_id = s.service_id
       AND c.day >= s.month AND c.day < (s.month + interval '1 month')::date
      GROUP BY 1, 2, 3
    ), inserted AS (
      INSERT INTO usage_monthly (account_id, service_id, month, days_in_month, payg_device_days, monthly_active_seats, correction_days, run_id, rolled_up_at)
      SELECT s.account_id, s.service_id, s.month, EXTRACT(DAY FROM (s.month + interval '1 month' - interval '1 day'))::int,
             s.payg_device_days, COALESCE(st.seats, 0), COALESCE(c.days, 0), ${options.runId ?? null}::uuid, ${now}
      FROM sums s
      -- The month's seats as metering stored them, day by day (seat-store.ts).
      LEFT JOIN usage_seat_counts st ON st.account_id = s.account_id AND st.service_id = s.service_id AND st.month = s.month
      LEFT JOIN corrections c ON c.account_id = s.account_id AND c.service_id = s.service_id AND c.month = s.month
      ON CONFLICT (account_id, service_id, month) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS count FROM inserted`;
  return rows[0]?.count ?? 0;
}
