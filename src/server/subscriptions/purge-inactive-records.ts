import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { LATE_WINDOW_DAYS } from "@/server/usage";

export interface PurgeOutcome {
  accounts: number;
  devices: number;
  endUsers: number;
}

/**
 * Retention (docs/subscriptions.md#retention-purge): devices and end users with no activity for
 * longer than their account's retention days are deleted. Billing records are
 * never touched: device_daily_activity, usage_daily, usage_monthly,
 * usage_corrections, usage_monthly_packages and telemetry_events hold the
 * device and user ids without foreign keys, so past reports stay identical.
 *
 * Last activity = last telemetry (first registration when it never reported);
 * an end user is active while any paired device is. A record is also kept
 * while its last activity lies in a month that is not final yet (its days
 * still inside the late window), so the package roll-up of that month — which
 * reads assignments — always runs before the user can disappear.
 *
 * Set-based (one statement per table) in one transaction; each account that
 * lost records gets a purge log row (shown on its settings page) and an audit
 * event. Repeating the run finds nothing left to purge.
 */
export async function purgeInactiveRecords(db: Db, options: { now: Date; runId?: string; accountIds?: string[] }): Promise<PurgeOutcome> {
  const { now } = options;
  const scope = options.accountIds ? Prisma.sql`WHERE a.id = ANY(${options.accountIds}::uuid[])` : Prisma.empty;
  const cutoffs = Prisma.sql`
    SELECT a.id, a.retention_days,
           LEAST(${now}::timestamptz - make_interval(days => a.retention_days),
                 (date_trunc('month', ((${now}::timestamptz AT TIME ZONE a.billing_timezone)::date - ${LATE_WINDOW_DAYS}::int)::timestamp)
                   AT TIME ZONE a.billing_timezone)) AS purge_before
    FROM accounts a ${scope}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await purgeOnce(db, { ...options, cutoffs });
    } catch (error) {
      // Ingestion never waits long behind the purge: past its lock timeout the purge gives up and
      // tries again a little later, ending the daily step with an error after PURGE_LOCK_ATTEMPTS.
      if (!isLockTimeout(error) || attempt >= PURGE_LOCK_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, PURGE_LOCK_BACKOFF_MS * 2 ** (attempt - 1)));
    }
  }
}

/** How long the purge waits for the ingestion queue's lock before letting new batches through. */
export const PURGE_LOCK_TIMEOUT_MS = 200;
const PURGE_LOCK_ATTEMPTS = 8;
const PURGE_LOCK_BACKOFF_MS = 250;

function isLockTimeout(error: unknown): boolean {
  // 55P03 lock_not_available, as the driver adapter reports it.
  return /55P03|lock timeout|canceling statement due to lock timeout/i.test(String((error as { message?: unknown })?.message ?? "") + JSON.stringify((error as { meta?: unknown })?.meta ?? {}));
}

async function purgeOnce(db: Db, options: { now: Date; runId?: string; cutoffs: Prisma.Sql }): Promise<PurgeOutcome> {
  const { now, cutoffs } = options;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"purge-inactive-records"}))`;
      await tx.$executeRaw`CREATE TEMP TABLE purged (account_id uuid, what text, external_id text) ON COMMIT DROP`;
      // End users first, before the lock below: whether a user is kept depends on its devices'
      // activity, not on which inactive devices this run deletes, and nothing of ingestion waits
      // for this delete. Under the lock, every statement holds new telemetry batches; measured
      // there, this one held them for seconds (scripts/bench/README.md, issue 18 — purge under load).
      await tx.$executeRaw`
        WITH acc AS (${cutoffs}),
        gone AS (
          DELETE FROM end_users u USING acc
          WHERE u.account_id = acc.id AND COALESCE(u.last_seen_at, u.created_at) < acc.purge_before
            AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.end_user_id = u.id
                            AND COALESCE(d.last_seen_at, d.created_at) >= acc.purge_before)
          RETURNING u.account_id, u.external_id)
        INSERT INTO purged SELECT account_id, 'end_user', external_id FROM gone`;
      // The slow part — every account's cutoff against every device — runs before any lock.
      await tx.$executeRaw`
        CREATE TEMP TABLE purge_candidates ON COMMIT DROP AS
        WITH acc AS (${cutoffs})
        SELECT d.id, acc.purge_before FROM devices d JOIN acc ON d.account_id = acc.id
        WHERE COALESCE(d.last_seen_at, d.created_at) < acc.purge_before`;
      const [counted] = await tx.$queryRaw<{ candidates: number }[]>`SELECT count(*)::int AS candidates FROM purge_candidates`;
      if ((counted?.candidates ?? 0) > 0) {
        // Ingestion reads known devices without locking them, so a batch in flight could queue
        // events for a device this purge deletes. Waiting for every batch writing the queue (and
        // holding new ones while the candidates are deleted by id) makes the check on queued
        // events below see them all: a device reporting now is never purged. A SHARE request
        // waiting in the lock queue holds new batches too, so it waits at most
        // PURGE_LOCK_TIMEOUT_MS (docs/subscriptions.md#retention-purge).
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${PURGE_LOCK_TIMEOUT_MS}ms'`);
        await tx.$executeRaw`LOCK TABLE telemetry_pending IN SHARE MODE`;
        await tx.$executeRaw`SET LOCAL lock_timeout TO DEFAULT`;
        await tx.$executeRaw`
          WITH gone AS (
            DELETE FROM devices d USING purge_candidates c
            WHERE d.id = c.id AND COALESCE(d.last_seen_at, d.created_at) < c.purge_before
              -- A device whose new events are still queued is not inactive.
              AND NOT EXISTS (SELECT 1 FROM telemetry_pending q WHERE q.device_id = d.id)
            RETURNING d.account_id, d.external_id)
          INSERT INTO purged SELECT account_id, 'device', external_id FROM gone`;
      }
      const logs = await tx.$queryRaw<{ account_id: string; devices: number; end_users: number }[]>`
        WITH acc AS (${cutoffs}),
        per AS (
          SELECT account_id,
                 count(*) FILTER (WHERE what = 'device')::int AS devices,
                 count(*) FILTER (WHERE what = 'end_user')::int AS end_users,
                 COALESCE((array_agg(external_id ORDER BY external_id) FILTER (WHERE what = 'device'))[1:200], '{}') AS device_ids,
                 COALESCE((array_agg(external_id ORDER BY external_id) FILTER (WHERE what = 'end_user'))[1:200], '{}') AS end_user_ids
          FROM purged GROUP BY account_id
        ), logged AS (
          INSERT INTO purge_logs (account_id, retention_days, devices_purged, end_users_purged, details, run_id, purged_at)
          SELECT per.account_id, acc.retention_days, per.devices, per.end_users,
                 jsonb_build_object('devices', to_jsonb(per.device_ids), 'endUsers', to_jsonb(per.end_user_ids), 'inactiveBefore', acc.purge_before),
                 ${options.runId ?? null}::uuid, ${now}
          FROM per JOIN acc ON acc.id = per.account_id
          RETURNING id, account_id, retention_days, devices_purged, end_users_purged, details
        ), audited AS (
          INSERT INTO audit_events (account_id, actor_user_id, actor_label, action, object_type, object_id, after, created_at)
          SELECT account_id, NULL, 'system:retention', 'records.purged', 'purge_log', id::text,
                 jsonb_build_object('retentionDays', retention_days, 'devices', devices_purged, 'endUsers', end_users_purged) || details, ${now}
          FROM logged
          RETURNING 1
        )
        SELECT l.account_id, l.devices_purged AS devices, l.end_users_purged AS end_users
        FROM logged l WHERE (SELECT count(*) FROM audited) >= 0`;
      return {
        accounts: logs.length,
        devices: logs.reduce((sum, row) => sum + row.devices, 0),
        endUsers: logs.reduce((sum, row) => sum + row.end_users, 0),
      };
    },
    { timeout: 600_000 },
  );
}
