import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { LATE_WINDOW_DAYS } from "@/server/usage";

/**
 * Rolls up every completed local month whose days are all final (its last day
 * is at least 4 days ago in the account's timezone) and not yet rolled up:
 * PAYG device-days (Σ of the daily records), monthly-active seats (a user with
 * paired devices once, a standalone device once, silent ones not at all,
 * only on billable days of a live contract — counted into usage_seat_counts as
 * each day was metered), the corrections of the month, and as adjustments the
 * corrections of earlier months recorded after those were rolled up.
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
  // A pair with corrections of months already rolled up is due for its next month even when
  // its contract ended: that month carries them as adjustments (docs/metering.md).
  const due = await db.$queryRaw<{ month: string }[]>`
    WITH marks AS (
      SELECT acc.due_before, date_trunc('month', w.last_day::timestamp) AS last_month,
             COALESCE((SELECT (max(m.month) + interval '1 month')::date FROM usage_monthly m
                       WHERE m.account_id = w.account_id AND m.service_id = w.service_id),
                      (SELECT date_trunc('month', min(u.day)::timestamp)::date FROM usage_daily u
                       WHERE u.account_id = w.account_id AND u.service_id = w.service_id)) AS from_day,
             w.account_id, w.service_id
      FROM metering_watermarks w JOIN (${dueBeforeSql(now, scope)}) acc ON acc.id = w.account_id
    ), pending AS (
      SELECT due_before, from_day,
             CASE WHEN EXISTS (SELECT 1 FROM usage_corrections c
                               WHERE c.account_id = marks.account_id AND c.service_id = marks.service_id
                                 AND c.billed_month IS NULL AND c.day < from_day)
                  THEN GREATEST(last_month, from_day) ELSE last_month END AS last_month
      FROM marks
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
 * stored as each day was metered (seat-store.ts), and the corrections not billed yet — those
 * of the month itself as its correction days, those of earlier months (recorded after their
 * roll-up) as its adjustment days — in one pass over the month's days (a month is listed
 * only when due for some pair, normally last month for all).
 * Exactly once: each correction counted is marked with this month (billed_month) in the same
 * statement, only for the rows this statement inserted; pairs already rolled up for the month
 * conflict on the key, insert nothing and so mark nothing. A correction recorded meanwhile
 * is not in this statement's snapshot: it stays unbilled and adjusts the next month.
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
    ), unbilled AS (
      SELECT c.id, c.account_id, c.service_id, c.delta, c.day >= ${month}::date AS own
      FROM usage_corrections c JOIN acc ON acc.id = c.account_id
      WHERE c.billed_month IS NULL AND c.day < (${month}::date + interval '1 month')::date
        -- Into the pair's next open month, never one before a month it already rolled up.
        AND NOT EXISTS (SELECT 1 FROM usage_monthly m
                        WHERE m.account_id = c.account_id AND m.service_id = c.service_id AND m.month >= ${month}::date)
    ), corrections AS (
      SELECT account_id, service_id,
             COALESCE(sum(delta) FILTER (WHERE own), 0)::int AS days,
             COALESCE(sum(delta) FILTER (WHERE NOT own), 0)::int AS adjustment_days
      FROM unbilled GROUP BY 1, 2
    ), pairs AS (
      SELECT account_id, service_id FROM sums
      UNION
      -- Adjustments alone make a month too (a pair whose contract has ended).
      SELECT account_id, service_id FROM corrections
    ), inserted AS (
      INSERT INTO usage_monthly (account_id, service_id, month, days_in_month, payg_device_days, monthly_active_seats, correction_days, adjustment_days, run_id, rolled_up_at)
      SELECT p.account_id, p.service_id, ${month}::date, EXTRACT(DAY FROM (${month}::date + interval '1 month' - interval '1 day'))::int,
             COALESCE(s.payg_device_days, 0), COALESCE(st.seats, 0), COALESCE(c.days, 0), COALESCE(c.adjustment_days, 0), ${runId}::uuid, ${now}
      FROM pairs p
      LEFT JOIN sums s ON s.account_id = p.account_id AND s.service_id = p.service_id
      LEFT JOIN usage_seat_counts st ON st.account_id = p.account_id AND st.service_id = p.service_id AND st.month = ${month}::date
      LEFT JOIN corrections c ON c.account_id = p.account_id AND c.service_id = p.service_id
      ON CONFLICT (account_id, service_id, month) DO NOTHING
      RETURNING account_id, service_id, payg_device_days, monthly_active_seats, correction_days, adjustment_days
    ), finalized_event AS (
      -- One usage.month_finalized per account and month, in this statement (docs/webhooks.md#events).
      INSERT INTO webhook_events (id, account_id, type, payload, created_at)
      SELECT gen_random_uuid(), i.account_id, 'usage.month_finalized',
             jsonb_build_object('accountId', i.account_id, 'month', to_char(${month}::date, 'YYYY-MM'),
               'services', jsonb_agg(jsonb_build_object('service', sv.code, 'serviceName', sv.name, 'paygDeviceDays', i.payg_device_days,
                 'monthlyActiveSeats', i.monthly_active_seats, 'correctionDays', i.correction_days, 'adjustmentDays', i.adjustment_days) ORDER BY sv.code)),
             ${now}
      FROM inserted i JOIN services sv ON sv.id = i.service_id
      GROUP BY i.account_id
    ), billed AS (
      UPDATE usage_corrections c SET billed_month = ${month}::date
      FROM unbilled b JOIN inserted i ON i.account_id = b.account_id AND i.service_id = b.service_id
      WHERE c.id = b.id AND c.billed_month IS NULL
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted)::int + 0 * (SELECT count(*) FROM billed)::int AS count`;
  return row?.count ?? 0;
}
