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
  // No transaction around it: with seats pre-aggregated a month's roll-up takes milliseconds,
  // so round trips would dominate (bench:meter). Two runs at once (the daily job is already
  // serialised per day by its run record) cannot count twice: a month the other run inserted
  // first conflicts on the natural key and is skipped, and the count returned is of the rows
  // this call inserted.
  //
  // First the months due for some (account, service): each pair ever metered has a watermark;
  // its months roll up in order (the daily run meters every final day before it rolls up), so
  // the months after its last one rolled up — from its first metered day if it never was — up
  // to its account's due month and its own last metered day (a pair whose contract ended has
  // nothing after it). Normally that is last month alone.
  const due = await db.$queryRaw<{ month: string }[]>`
    WITH pending AS (
      SELECT acc.due_before, date_trunc('month', w.last_day::timestamp) AS last_month,
             COALESCE((SELECT (max(m.month) + interval '1 month')::date FROM usage_monthly m
                       WHERE m.account_id = w.account_id AND m.service_id = w.service_id),
                      (SELECT date_trunc('month', min(u.day)::timestamp)::date FROM usage_daily u
                       WHERE u.account_id = w.account_id AND u.service_id = w.service_id)) AS from_day
      FROM metering_watermarks w JOIN (${dueBeforeSql(now, scope)}) acc ON acc.id = w.account_id
    )
    SELECT DISTINCT month::date::text AS month
    FROM pending,
         generate_series(from_day::timestamp, LEAST(due_before::timestamp - interval '1 month', last_month), interval '1 month') AS month
    WHERE from_day < due_before
    ORDER BY 1`;
  let inserted = 0;
  for (const { month } of due) inserted += await rollUpMonth(db, { month, now, runId: options.runId ?? null, scope });
  return inserted;
}

/** Per account (within `scope`): the first month not due yet — the month of (last final day + 1). */
function dueBeforeSql(now: Date, scope: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT a.id, date_trunc('month', ((${now}::timestamptz AT TIME ZONE a.billing_timezone)::date - ${LATE_WINDOW_DAYS}::int)::timestamp)::date AS due_before
    FROM accounts a WHERE true ${scope}`;
}

/**
 * One month, for every account it is due for: Σ of the daily PAYG device-days, the seats
 * stored as each day was metered (seat-store.ts) and the corrections, in one pass over the
 * month's days (a month is listed only when due for some pair, normally last month for all).
 * Pairs already rolled up for it conflict on the key and are skipped.
 */
async function rollUpMonth(db: Db, options: { month: string; now: Date; runId: string | null; scope: Prisma.Sql }): Promise<number> {
  const { month, now, runId, scope } = options;
  const [row] = await db.$queryRaw<{ count: number }[]>`
    WITH acc AS (
      SELECT id FROM (${dueBeforeSql(now, scope)}) d WHERE ${month}::date < d.due_before
    ), sums AS (
      SELECT u.account_id, u.service_id, sum(u.payg_device_days)::int AS payg_device_days
      FROM usage_daily u JOIN acc ON acc.id = u.account_id
      WHERE u.day >= ${month}::date AND u.day < (${month}::date + interval '1 month')::date
      GROUP BY 1, 2
    ), corrections AS (
      SELECT c.account_id, c.service_id, sum(c.delta)::int AS days
      FROM usage_corrections c JOIN acc ON acc.id = c.account_id
      WHERE c.day >= ${month}::date AND c.day < (${month}::date + interval '1 month')::date
      GROUP BY 1, 2
    ), inserted AS (
      INSERT INTO usage_monthly (account_id, service_id, month, days_in_month, payg_device_days, monthly_active_seats, correction_days, run_id, rolled_up_at)
      SELECT s.account_id, s.service_id, ${month}::date, EXTRACT(DAY FROM (${month}::date + interval '1 month' - interval '1 day'))::int,
             s.payg_device_days, COALESCE(st.seats, 0), COALESCE(c.days, 0), ${runId}::uuid, ${now}
      FROM sums s
      LEFT JOIN usage_seat_counts st ON st.account_id = s.account_id AND st.service_id = s.service_id AND st.month = ${month}::date
      LEFT JOIN corrections c ON c.account_id = s.account_id AND c.service_id = s.service_id
      ON CONFLICT (account_id, service_id, month) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS count FROM inserted`;
  return row?.count ?? 0;
}
