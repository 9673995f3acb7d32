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
 * Set-based: the candidates are listed without any lock, the devices deleted in chunks of
 * PURGE_CHUNK, each in a transaction of its own that holds new telemetry batches only for that
 * chunk's delete; then the end users and the log lines in one last transaction. Each account that
 * lost records gets a purge log row (shown on its settings page) and an audit event. Repeating the
 * run finds nothing left to purge.
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
  // The slow part — every account's cutoff against every device — runs before any lock.
  const candidates = await db.$queryRaw<{ id: string }[]>`
    WITH acc AS (${cutoffs})
    SELECT d.id::text AS id FROM devices d JOIN acc ON d.account_id = acc.id
    WHERE COALESCE(d.last_seen_at, d.created_at) < acc.purge_before
    ORDER BY d.id`;
  const devices: PurgedDevice[] = [];
  let failure: unknown = null;
  try {
    for (let from = 0; from < candidates.length; from += PURGE_CHUNK) {
      const ids = candidates.slice(from, from + PURGE_CHUNK).map((candidate) => candidate.id);
      devices.push(...(await withLockRetries(() => deleteDevices(db, { ids, cutoffs }))));
    }
  } catch (error) {
    failure = error;
  }
  // Devices deleted by the chunks that committed get their log lines even when a later chunk gave
  // up (the daily step then fails, and its next call purges the rest).
  const outcome = await purgeEndUsersAndLog(db, { ...options, cutoffs, devices });
  if (failure) throw failure;
  return outcome;
}

/** How long the purge waits for the ingestion queue's lock before letting new batches through. */
export const PURGE_LOCK_TIMEOUT_MS = 200;
/**
 * Devices deleted while new batches wait: a chunk's delete is what they wait for once the lock is
 * held. 300,000 devices in one delete held them about 2 s on a loaded 2-core machine. On a quiet one,
 * purging a 300,000-device backlog under 4 steady clients (bench:purge-under-load): chunks of 20,000
 * left ingestion's p95 at 280 ms during the purge (15 s), chunks of 5,000 at 230 ms (21 s; 99 ms
 * without a purge). Fewer, larger chunks need fewer turns at the lock, smaller ones hold it less.
 */
export const PURGE_CHUNK = 5_000;
/** A chunk keeps trying for the lock this long; each try holds batches at most PURGE_LOCK_TIMEOUT_MS. */
const PURGE_LOCK_PATIENCE_MS = 5 * 60_000;
const PURGE_LOCK_BACKOFF_MS = 250;
/** Between tries at most this long, so a busy stream of batches still gives the purge its turns. */
const PURGE_LOCK_BACKOFF_MAX_MS = 2000;

type PurgedDevice = { account_id: string; external_id: string };

/**
 * Ingestion never waits long behind the purge: past its lock timeout a chunk gives up and tries
 * again a little later (250 ms, 500 ms, … at most 2 s apart), ending the daily step with an error
 * once it has tried for PURGE_LOCK_PATIENCE_MS.
 */
async function withLockRetries<T>(work: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + PURGE_LOCK_PATIENCE_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isLockTimeout(error) || Date.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(PURGE_LOCK_BACKOFF_MAX_MS, PURGE_LOCK_BACKOFF_MS * 2 ** (attempt - 1))));
    }
  }
}

function isLockTimeout(error: unknown): boolean {
  // 55P03 lock_not_available, as the driver adapter reports it.
  return /55P03|lock timeout|canceling statement due to lock timeout/i.test(String((error as { message?: unknown })?.message ?? "") + JSON.stringify((error as { meta?: unknown })?.meta ?? {}));
}

async function deleteDevices(db: Db, options: { ids: string[]; cutoffs: Prisma.Sql }): Promise<PurgedDevice[]> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"purge-inactive-records"}))`;
      // Ingestion reads known devices without locking them, so a batch in flight could queue
      // events for a device this purge deletes. Waiting for every batch writing the queue (and
      // holding new ones while the chunk is deleted by id) makes the check on queued events
      // below see them all: a device reporting now is never purged. A SHARE request waiting in
      // the lock queue holds new batches too, so it waits at most PURGE_LOCK_TIMEOUT_MS
      // (docs/subscriptions.md#retention-purge).
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${PURGE_LOCK_TIMEOUT_MS}ms'`);
      await tx.$executeRaw`LOCK TABLE telemetry_pending IN SHARE MODE`;
      await tx.$executeRaw`SET LOCAL lock_timeout TO DEFAULT`;
      return tx.$queryRaw<PurgedDevice[]>`
        WITH acc AS (${options.cutoffs})
        DELETE FROM devices d USING acc
        WHERE d.id = ANY(${options.ids}::uuid[]) AND d.account_id = acc.id
          -- Still inactive (it may have reported since the candidates were listed) …
          AND COALESCE(d.last_seen_at, d.created_at) < acc.purge_before
          -- … and no new events queued: a device whose events wait for the fold is not inactive.
          AND NOT EXISTS (SELECT 1 FROM telemetry_pending q WHERE q.device_id = d.id)
        RETURNING d.account_id::text AS account_id, d.external_id`;
    },
    { timeout: 120_000 },
  );
}

async function purgeEndUsersAndLog(db: Db, options: { now: Date; runId?: string; cutoffs: Prisma.Sql; devices: PurgedDevice[] }): Promise<PurgeOutcome> {
  const { now, cutoffs, devices } = options;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"purge-inactive-records"}))`;
      await tx.$executeRaw`CREATE TEMP TABLE purged (account_id uuid, what text, external_id text) ON COMMIT DROP`;
      if (devices.length > 0) {
        await tx.$executeRaw`
          INSERT INTO purged SELECT account_id, 'device', external_id
          FROM unnest(${devices.map((device) => device.account_id)}::uuid[], ${devices.map((device) => device.external_id)}::text[]) AS t(account_id, external_id)`;
      }
      // Not under the ingestion queue's lock: whether a user stays depends on its devices'
      // activity, not on which inactive devices this run deleted. (Deleting a user sets its
      // devices' end_user_id to NULL, through the index on that column.)
      await tx.$executeRaw`
        WITH acc AS (${cutoffs}),
        gone AS (
          DELETE FROM end_users u USING acc
          WHERE u.account_id = acc.id AND COALESCE(u.last_seen_at, u.created_at) < acc.purge_before
            AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.end_user_id = u.id
                            AND COALESCE(d.last_seen_at, d.created_at) >= acc.purge_before)
          RETURNING u.account_id, u.external_id)
        INSERT INTO purged SELECT account_id, 'end_user', external_id FROM gone`;
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
