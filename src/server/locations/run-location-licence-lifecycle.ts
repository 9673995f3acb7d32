import "server-only";
import { dbDateToIso } from "@/lib/dates";
import { CONNECTIONS_TO_START } from "@/lib/labels";
import type { Db } from "@/server/db";
import { queueDueNotices } from "@/server/notifications/queue-due-notices";
import { EXPIRY_NOTICE_CODES, licenceExpirySchedule } from "./expiry-schedule";

export interface LicenceLifecycleResult {
  licencesStarted: number;
  licencesFinalized: number;
  licenceNoticesQueued: number;
  licenceNoticesSkipped: number;
}

/** Renewal reminders later than this after the end are pointless: such licences are left alone. */
const NOTICE_GRACE_DAYS = 30;

export const licenceNoticeSeries = (licenceId: string) => `location-licence:${licenceId}:expiry`;

/**
 * The daily location-licence lifecycle (docs/location-licences.md#licence-lifecycle), set-based and idempotent,
 * each account judged on its own local day at `now`:
 * 1. PENDING_START → IN_USE on the day the location's access points reached
 *    5 connections (telemetry events) since the key was sent; starts_on = that
 *    day, ends_on = starts_on + years — also when the run learns of it late;
 * 2. IN_USE → CONTRACT_FINALIZED once ends_on has passed (service cut off),
 *    and a renewal queued behind it (starts_on already set) → IN_USE on its starts_on;
 * 3. the expiry notices that came due, each exactly once (see queueDueNotices).
 * ACCESS_DENIED licences are left as they are until an admin lifts the denial.
 * `accountIds` limits a run to some organisations (tests, one-off catch-up).
 */
export async function runLocationLicenceLifecycle(db: Db, options: { now: Date; accountIds?: string[] }): Promise<LicenceLifecycleResult> {
  const { now } = options;
  const scoped = options.accountIds !== undefined;
  const accountIds = options.accountIds ?? [];

  const transitions = await db.$transaction(
    async (tx) => {
      // One lifecycle at a time across instances; the second waits and finds nothing left to do.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('location-licence-lifecycle'))`;
      const [start] = await tx.$queryRaw<{ started: number }[]>`
        WITH pending AS (
          SELECT l.id, l.location_id, l.account_id, l.provisioned_on,
                 (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date AS today
          FROM location_licences l JOIN accounts a ON a.id = l.account_id
          WHERE l.status = 'PENDING_START' AND l.provisioned_on IS NOT NULL AND l.starts_on IS NULL
            AND (${!scoped} OR l.account_id = ANY(${accountIds}::uuid[]))
        ), daily AS (
          SELECT p.id, d.day, sum(d.events) AS events
          FROM pending p
          JOIN devices dv ON dv.location_id = p.location_id AND dv.kind = 'ACCESS_POINT'
          JOIN device_daily_activity d ON d.account_id = dv.account_id AND d.device_id = dv.id
           AND d.day >= p.provisioned_on AND d.day <= p.today
          GROUP BY p.id, d.day
        ), running AS (
          SELECT id, day, sum(events) OVER (PARTITION BY id ORDER BY day) AS total FROM daily
        ), reached AS (
          SELECT id, min(day) AS day FROM running WHERE total >= ${CONNECTIONS_TO_START} GROUP BY id
        ), started AS (
          UPDATE location_licences l
          SET status = 'IN_USE', starts_on = r.day, ends_on = (r.day + make_interval(years => l.years))::date, updated_at = ${now}
          FROM reached r WHERE l.id = r.id AND l.status = 'PENDING_START'
          RETURNING l.id, l.account_id, l.starts_on, l.ends_on
        ), started_audit AS (
          INSERT INTO audit_events (account_id, actor_label, action, object_type, object_id, before, after, created_at)
          SELECT account_id, 'system:licence-lifecycle', 'licence.started', 'location_licence', id::text,
                 jsonb_build_object('status', 'PENDING_START'),
                 jsonb_build_object('status', 'IN_USE', 'startsOn', starts_on, 'endsOn', ends_on,
                                    'why', ${`${CONNECTIONS_TO_START} device connections reached`}::text),
                 ${now}
          FROM started
        ), started_event AS (
          INSERT INTO webhook_events (id, account_id, type, payload, created_at)
          SELECT gen_random_uuid(), account_id, 'licence.status_changed',
                 jsonb_build_object('id', id, 'accountId', account_id, 'from', 'PENDING_START', 'to', 'IN_USE', 'startsOn', starts_on, 'endsOn', ends_on,
                                    'why', ${`${CONNECTIONS_TO_START} device connections reached`}::text),
                 ${now}
          FROM started
        )
        SELECT (SELECT count(*) FROM started)::int AS started`;
      // A separate statement: a licence that started (late) and whose end has already passed is finalized in the same run.
      const [end] = await tx.$queryRaw<{ finalized: number }[]>`
        WITH finalized AS (
          UPDATE location_licences l SET status = 'CONTRACT_FINALIZED', updated_at = ${now}
          FROM accounts a
          WHERE a.id = l.account_id AND l.status = 'IN_USE'
            AND l.ends_on < (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date
            AND (${!scoped} OR l.account_id = ANY(${accountIds}::uuid[]))
          RETURNING l.id, l.account_id, l.ends_on
        ), audited AS (
          INSERT INTO audit_events (account_id, actor_label, action, object_type, object_id, before, after, created_at)
          SELECT account_id, 'system:licence-lifecycle', 'licence.finalized', 'location_licence', id::text,
                 jsonb_build_object('status', 'IN_USE'),
                 jsonb_build_object('status', 'CONTRACT_FINALIZED', 'endsOn', ends_on, 'why', 'end date passed: service cut off'),
                 ${now}
          FROM finalized
        ), event AS (
          INSERT INTO webhook_events (id, account_id, type, payload, created_at)
          SELECT gen_random_uuid(), account_id, 'licence.status_changed',
                 jsonb_build_object('id', id, 'accountId', account_id, 'from', 'IN_USE', 'to', 'CONTRACT_FINALIZED', 'endsOn', ends_on, 'why', 'end date passed: service cut off'),
                 ${now}
          FROM finalized
        )
        SELECT count(*)::int AS finalized FROM finalized`;
      // Renewals queued behind a licence start by date: the day after the one they renew ended.
      const [renewed] = await tx.$queryRaw<{ started: number }[]>`
        WITH started AS (
          UPDATE location_licences l SET status = 'IN_USE', updated_at = ${now}
          FROM accounts a
          WHERE a.id = l.account_id AND l.status = 'PENDING_START' AND l.starts_on IS NOT NULL
            AND l.starts_on <= (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date
            AND (${!scoped} OR l.account_id = ANY(${accountIds}::uuid[]))
          RETURNING l.id, l.account_id, l.starts_on, l.ends_on
        ), audited AS (
          INSERT INTO audit_events (account_id, actor_label, action, object_type, object_id, before, after, created_at)
          SELECT account_id, 'system:licence-lifecycle', 'licence.started', 'location_licence', id::text,
                 jsonb_build_object('status', 'PENDING_START'),
                 jsonb_build_object('status', 'IN_USE', 'startsOn', starts_on, 'endsOn', ends_on, 'why', 'renewal: the previous licence ended'),
                 ${now}
          FROM started
        ), event AS (
          INSERT INTO webhook_events (id, account_id, type, payload, created_at)
          SELECT gen_random_uuid(), account_id, 'licence.status_changed',
                 jsonb_build_object('id', id, 'accountId', account_id, 'from', 'PENDING_START', 'to', 'IN_USE', 'startsOn', starts_on, 'endsOn', ends_on,
                                    'why', 'renewal: the previous licence ended'),
                 ${now}
          FROM started
        )
        SELECT count(*)::int AS started FROM started`;
      return { started: (start?.started ?? 0) + (renewed?.started ?? 0), finalized: end?.finalized ?? 0 };
    },
    { timeout: 120_000 },
  );

  const notices = await queueLicenceExpiryNotices(db, { now, accountIds: options.accountIds });
  return {
    licencesStarted: transitions.started,
    licencesFinalized: transitions.finalized,
    licenceNoticesQueued: notices.queued,
    licenceNoticesSkipped: notices.skipped,
  };
}

interface NoticeCandidate {
  id: string;
  key: string;
  accountId: string;
  partnerAccountId: string;
  endsOn: Date;
  today: string;
  locationName: string;
  organisationName: string;
  distributorName: string;
}

/**
 * Candidates are found in one statement: licences in use or just finalized
 * whose first notice has come due and whose last one (the renewal reminder)
 * does not exist yet. Each then gets its due notices in a transaction of its own.
 */
async function queueLicenceExpiryNotices(db: Db, options: { now: Date; accountIds?: string[] }) {
  const { now } = options;
  const scoped = options.accountIds !== undefined;
  const lastCode = EXPIRY_NOTICE_CODES[EXPIRY_NOTICE_CODES.length - 1];
  const candidates = await db.$queryRaw<NoticeCandidate[]>`
    SELECT l.id::text, l.key, l.account_id::text AS "accountId", l.partner_account_id::text AS "partnerAccountId", l.ends_on AS "endsOn",
           to_char((${now}::timestamptz AT TIME ZONE a.billing_timezone)::date, 'YYYY-MM-DD') AS today,
           loc.name AS "locationName", a.name AS "organisationName", dist.name AS "distributorName"
    FROM location_licences l
    JOIN accounts a ON a.id = l.account_id
    JOIN accounts dist ON dist.id = l.distributor_account_id
    JOIN locations loc ON loc.id = l.location_id
    WHERE l.status IN ('IN_USE', 'CONTRACT_FINALIZED') AND l.ends_on IS NOT NULL
      AND (${!scoped} OR l.account_id = ANY(${options.accountIds ?? []}::uuid[]))
      AND (l.ends_on - interval '1 month')::date <= (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date
      AND l.ends_on + ${NOTICE_GRACE_DAYS}::int >= (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date
      -- A licence renewed by a queued or started successor no longer warns that the service ends.
      AND NOT EXISTS (SELECT 1 FROM location_licences r WHERE r.location_id = l.location_id AND r.id <> l.id
                      AND r.starts_on = l.ends_on + 1 AND r.status IN ('PENDING_START', 'IN_USE'))
      AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.account_id = l.account_id
                      AND n.key = 'location-licence:' || l.id::text || ':expiry:' || ${lastCode}::text)`;
  let queued = 0;
  let skipped = 0;
  for (const licence of candidates) {
    const result = await db.$transaction(async (tx) => {
      return queueDueNotices(tx, {
        accountId: licence.accountId,
        series: licenceNoticeSeries(licence.id),
        kind: "licence.expiry",
        link: `/a/${licence.accountId}/licences/${licence.id}`,
        recipientAccountIds: [licence.accountId, licence.partnerAccountId],
        today: licence.today,
        now,
        schedule: licenceExpirySchedule({
          key: licence.key,
          endsOn: dbDateToIso(licence.endsOn),
          locationName: licence.locationName,
          organisationName: licence.organisationName,
          distributorName: licence.distributorName,
        }),
      });
    });
    queued += result.queued;
    skipped += result.skipped;
  }
  return { queued, skipped };
}

