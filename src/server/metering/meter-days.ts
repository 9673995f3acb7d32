import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { kindMatchesUnit, LATE_WINDOW_DAYS } from "./device-service-match";

/**
 * Meters every final local day not yet metered, for every account and service
 * with a live contract that day, in one set-based statement:
 * - a day is final once its late window has closed (today − 4 in the account's
 *   timezone), so metered days never change again — later events are corrections;
 * - catch-up starts after each (account, service) watermark, so downtime is made up;
 * - an account inactive that day (inactivated on an earlier day and not yet
 *   reactivated) is metered as not billable, with zero usage;
 * - PAYG device-days count, per service, the active devices of the matching kind
 *   on a live PAYG contract (for gateways: those that were on PAYG that day).
 * Rows are keyed (account, service, day) and inserted with ON CONFLICT DO
 * NOTHING, so a repeated or concurrent run never counts twice.
 */
export async function meterDays(db: Db, options: { now: Date; runId?: string; accountIds?: string[] }): Promise<number> {
  const { now } = options;
  const scope = options.accountIds ? Prisma.sql`AND a.id = ANY(${options.accountIds}::uuid[])` : Prisma.empty;
  return db.$transaction(
    async (tx) => {
      // Serialise metering across instances; the natural keys would also absorb a race.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"meter-days"}))`;
      const [result] = await tx.$queryRaw<{ count: number }[]>`
        WITH acc AS (
          SELECT a.id, a.billing_timezone AS tz,
                 (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date - ${LATE_WINDOW_DAYS + 1}::int AS last_final,
                 (a.created_at AT TIME ZONE a.billing_timezone)::date AS since
          FROM accounts a WHERE true ${scope}
        ), spans AS (
          SELECT c.account_id, c.service_id, c.type,
                 GREATEST(c.registered_on, acc.since, COALESCE(w.last_day + 1, '-infinity'::date)) AS first_day,
                 LEAST(COALESCE(c.expires_on, acc.last_final),
                       COALESCE((c.canceled_at AT TIME ZONE acc.tz)::date, acc.last_final),
                       acc.last_final) AS last_day
          FROM contracts c
          JOIN acc ON acc.id = c.account_id
          LEFT JOIN metering_watermarks w ON w.account_id = c.account_id AND w.service_id = c.service_id
        ), days AS (
          SELECT s.account_id, s.service_id, d::date AS day, bool_or(s.type = 'PAYG') AS payg
          FROM spans s CROSS JOIN LATERAL generate_series(s.first_day, s.last_day, interval '1 day') AS d
          WHERE s.first_day <= s.last_day
          GROUP BY 1, 2, 3
        ), status AS (
          SELECT d.*, COALESCE((
              SELECT e.action = 'account.inactivated' FROM audit_events e JOIN accounts a ON a.id = e.account_id
              WHERE e.account_id = d.account_id AND e.action IN ('account.inactivated', 'account.reactivated')
                AND (e.created_at AT TIME ZONE a.billing_timezone)::date < d.day
              ORDER BY e.created_at DESC, e.id DESC LIMIT 1), false) AS inactive
          FROM days d
        ), counted AS (
          SELECT st.account_id, st.service_id, st.day, st.payg, NOT st.inactive AS billable,
                 count(act.device_id) FILTER (WHERE NOT st.inactive) AS active,
                 count(act.device_id) FILTER (WHERE NOT st.inactive AND st.payg AND (sv.unit <> 'GATEWAY' OR act.payg)) AS payg_days
          FROM status st
          JOIN services sv ON sv.id = st.service_id
          LEFT JOIN device_daily_activity act
            ON act.account_id = st.account_id AND act.day = st.day
           AND ${kindMatchesUnit(Prisma.sql`act.kind::text`, Prisma.sql`sv.unit::text`)}
          GROUP BY st.account_id, st.service_id, st.day, st.payg, st.inactive
        ), inserted AS (
          INSERT INTO usage_daily (account_id, service_id, day, active_devices, payg_device_days, billable, payg, run_id, metered_at)
          SELECT account_id, service_id, day, active, payg_days, billable, payg, ${options.runId ?? null}::uuid, ${now}
          FROM counted
          ON CONFLICT (account_id, service_id, day) DO NOTHING
          RETURNING account_id, service_id, day
        ), marks AS (
          INSERT INTO metering_watermarks (account_id, service_id, last_day)
          SELECT account_id, service_id, max(day) FROM inserted GROUP BY account_id, service_id
          ON CONFLICT (account_id, service_id) DO UPDATE SET last_day = GREATEST(metering_watermarks.last_day, EXCLUDED.last_day)
          RETURNING 1
        )
        SELECT ((SELECT count(*) FROM inserted) + 0 * (SELECT count(*) FROM marks))::int AS count`;
      return result?.count ?? 0;
    },
    { timeout: 600_000 },
  );
}
