import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { queryPrepared } from "@/server/db/plain-pool";
import { escapeLike } from "@/server/db/text-filters";
import { LATE_WINDOW_DAYS } from "@/server/usage";
import { foldAllPendingNow } from "./fold-telemetry";
import { gatewaySerialSql, normalizeGatewaySerial } from "@/server/devices/gateway-serial";
import { lateCorrectionsCte } from "./late-corrections-sql";
import { ctes, withCtes } from "@/server/db/with-ctes";
import { withDeadlockRetry } from "./retry-conflicts";
import type { TelemetryEventInput } from "./telemetry-input";
import { assertWithinTelemetryHorizon } from "./telemetry-horizon";
import { ensureTelemetryPartitionsOnce, forgetEnsuredTelemetryPartitions, isMissingPartitionError } from "./telemetry-partitions";

export interface IngestResult {
  received: number;
  accepted: number;
  duplicates: number;
  /** Accepted events for days already metered after their late window closed: recorded as corrections. */
  late: number;
  corrections: number;
  devicesCreated: number;
}

interface IngestRow {
  received: number;
  accepted: number;
  late: number;
  devices_created: number;
  corrections: number;
}

/**
 * Resolves the accounts a batch reports for: the key's own account by default,
 * or any account below it. Reach sits inside the query, so an account outside
 * the key's reach and one that does not exist get the same 404 with the same
 * body: a distinct answer would tell an outsider which ids are real accounts
 * (docs/security.md).
 */
async function resolveBatchAccounts(db: Db, actor: Actor, events: TelemetryEventInput[]): Promise<void> {
  const keyAccount = actor.grants[0]!;
  const requested = [...new Set(events.map((event) => event.accountId ?? keyAccount.accountId))];
  const invalidIds = requested.filter((id) => !isUuid(id));
  if (invalidIds.length) throw unknownAccount(invalidIds[0]!);
  // The reach rule (reach.ts: at or below the key's account, by path prefix) as SQL, so the check
  // runs as the batch's statement does: prepared, on the ingestion pool.
  const accounts = await queryPrepared<{ id: string }>(db, "ingest", "telemetry_accounts", Prisma.sql`
    SELECT id::text AS id FROM accounts WHERE id = ANY(${requested}::uuid[]) AND path LIKE ${`${escapeLike(keyAccount.accountPath)}%`}`);
  const found = new Set(accounts.map((account) => account.id));
  const missing = requested.find((id) => !found.has(id));
  if (missing) throw unknownAccount(missing);
}

/** An instant already written as toISOString writes it (as most collectors send it). */
const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A validated instant in toISOString's form: most arrive in it already, and need no Date. */
function isoInstantText(at: string): string {
  return CANONICAL_INSTANT.test(at) ? at : new Date(at).toISOString();
}

function unknownAccount(id: string): AppError {
  return new AppError("NOT_FOUND", `Unknown account ${id}.`, { reason: "UNKNOWN_ACCOUNT" });
}

/**
 * Writes a validated batch with one set-based statement that takes no lock a
 * concurrent batch could wait on: each new event is recorded once (its key
 * makes re-sends duplicates) and queued in telemetry_pending; only devices new
 * to the account are created (known ones are read, not updated). Events for
 * days whose late window has closed and that are already metered never reach
 * activity: they become corrections in the same statement. A closed day not
 * metered yet (the nightly run has not reached it, or metering is catching up
 * after an outage) still takes activity, so the catch-up run counts it.
 *
 * The queue is folded into the devices' last seen and the per-day activity by
 * fold-telemetry.ts — one fold at a time, for all batches since the last one
 * — so batches reporting the same devices no longer queue on those rows.
 * `fold: true` (the default, for scripts and tests) folds before returning;
 * the API answers first and folds after the response (seconds at most).
 */
export async function ingestTelemetry(
  db: Db,
  options: { actor: Actor; events: TelemetryEventInput[]; now?: Date; fold?: boolean },
): Promise<IngestResult> {
  const { actor, events } = options;
  const now = options.now ?? new Date();
  // Before anything is read or written: a refused batch writes nothing.
  assertWithinTelemetryHorizon(events, now);
  await resolveBatchAccounts(db, actor, events);
  await ensureTelemetryPartitionsOnce(db, now);
  const keyAccountId = actor.grants[0]!.accountId;

  const accountIds = events.map((event) => event.accountId ?? keyAccountId);
  // A gateway's device id is its serial number, in the form registration stores it.
  const deviceIds = events.map((event) => (event.kind === "GATEWAY" ? normalizeGatewaySerial(event.deviceId) : event.deviceId));
  const ats = events.map((event) => isoInstantText(event.at));
  const eventKeys = events.map((event, index) => event.eventId ?? `${deviceIds[index]}@${ats[index]}`);
  const kinds = events.map((event) => event.kind);
  // The first event of the batch to use its key (a later one is a duplicate): worked out here, as
  // the reused plan of the prepared statement has no idea of the batch's size and compared every
  // new device's events with the whole batch (docs/metering.md#ingestion-cost).
  const seenKeys = new Set<string>();
  const firstUses = eventKeys.map((key, index) => {
    // An event is its key and instant (telemetry_events' key holds its partition key, `at`).
    const scoped = `${accountIds[index]!.toLowerCase()} ${key} ${ats[index]}`;
    if (seenKeys.has(scoped)) return false;
    seenKeys.add(scoped);
    return true;
  });

  const accepted = ctes({ needs: [], provides: ["input", "known", "unknown", "fresh", "reported", "created", "dev", "ev", "classified", "queued", "late_rows"] }, Prisma.sql`
    input AS (
      SELECT * FROM unnest(${accountIds}::uuid[], ${deviceIds}::text[], ${eventKeys}::text[], ${kinds}::text[], ${ats}::timestamptz[],
                           ${firstUses}::boolean[])
        WITH ORDINALITY AS i(account_id, device_ext, event_key, kind, at, first_use, ord)
    ), known AS (
      -- Known devices are only read: their last seen is the fold's to move. One index probe
      -- per device of the batch (LIMIT 1 keeps it a probe: a hash join would read every device).
      SELECT d.id, d.account_id, d.external_id, d.kind, d.gateway_id
      FROM (SELECT DISTINCT account_id, device_ext FROM input) r
      CROSS JOIN LATERAL (
        SELECT d.id, d.account_id, d.external_id, d.kind, d.gateway_id FROM devices d
        WHERE d.account_id = r.account_id AND d.external_id = r.device_ext LIMIT 1) d
    ), unknown AS MATERIALIZED (
      -- Events of devices new to their account (none, once a fleet has reported).
      SELECT i.* FROM input i
      WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.account_id = i.account_id AND k.external_id = i.device_ext)
    ), fresh AS (
      -- Of those, the ones that can be accepted: a key not recorded yet, the first of the batch
      -- to use it. Devices come only from these, so a re-sent event under another device id
      -- creates no device (docs/metering.md, "Devices appear with their first event"). Events of
      -- known devices need no such test: the insert below skips their recorded keys.
      SELECT u.* FROM unknown u
      WHERE u.first_use
        AND NOT EXISTS (SELECT 1 FROM telemetry_events e WHERE e.account_id = u.account_id AND e.event_key = u.event_key AND e.at = u.at)
    ), reported AS (
      SELECT account_id, device_ext, min(kind) AS kind, min(at) AS first_at, max(at) AS last_at
      FROM fresh GROUP BY account_id, device_ext
    ), created AS (
      -- A device new to its account. If a concurrent batch creates it first, the
      -- (no-op) update hands back that row, so no event is ever left without its device.
      INSERT INTO devices AS d (id, account_id, external_id, kind, gateway_id, registered_by, first_seen_at, last_seen_at, created_at)
      SELECT gen_random_uuid(), r.account_id, r.device_ext, r.kind::"DeviceKind",
             (SELECT gw.id FROM gateways gw WHERE gw.serial_number = ${gatewaySerialSql("r.device_ext")} AND gw.account_id = r.account_id),
             'telemetry', r.first_at, r.last_at, ${now}
      FROM reported r
      -- A fixed order: concurrent batches lock new rows in the same sequence, not in a deadlock.
      ORDER BY r.account_id, r.device_ext
      ON CONFLICT (account_id, external_id) DO UPDATE SET kind = d.kind
      RETURNING d.id, d.account_id, d.external_id, d.kind, d.gateway_id, (xmax = 0) AS inserted
    ), dev AS (
      SELECT id, account_id, external_id, kind, gateway_id FROM known
      UNION ALL
      SELECT id, account_id, external_id, kind, gateway_id FROM created
    ), ev AS (
      -- Every event whose device is known or was just created; a key already recorded, or used
      -- earlier in the batch (the order puts the first use first), is skipped as a duplicate.
      INSERT INTO telemetry_events (account_id, event_key, device_id, at, received_at)
      SELECT i.account_id, i.event_key, dev.id, i.at, ${now}
      FROM input i JOIN dev ON dev.account_id = i.account_id AND dev.external_id = i.device_ext
      ORDER BY i.account_id, i.event_key, i.ord
      ON CONFLICT DO NOTHING
      RETURNING account_id, event_key, device_id, at
    ), classified AS MATERIALIZED (
      SELECT ev.*, (ev.at AT TIME ZONE a.billing_timezone)::date AS day,
             ${now}::timestamptz >= ((((ev.at AT TIME ZONE a.billing_timezone)::date + ${LATE_WINDOW_DAYS + 1}::int)::timestamp) AT TIME ZONE a.billing_timezone)
             AND EXISTS (SELECT 1 FROM metering_watermarks w
                         WHERE w.account_id = ev.account_id AND w.last_day >= (ev.at AT TIME ZONE a.billing_timezone)::date) AS late
      FROM ev JOIN accounts a ON a.id = ev.account_id
    ), queued AS (
      INSERT INTO telemetry_pending (account_id, event_key, device_id, at)
      SELECT account_id, event_key, device_id, at FROM classified WHERE NOT late
      RETURNING 1
    ), late_rows AS (
      -- Lateral from the (few) late events, so the device lookup runs only for them. A gateway
      -- registered after its device first reported is found by serial (the fold links it later).
      SELECT c.account_id, c.device_id, dv.external_id AS device_ext, c.day, c.event_key, dv.kind, dv.gateway_id
      FROM classified c, LATERAL (
        SELECT dev.kind, dev.external_id,
               COALESCE(dev.gateway_id, (SELECT gw.id FROM gateways gw WHERE gw.serial_number = ${gatewaySerialSql("dev.external_id")} AND gw.account_id = dev.account_id)) AS gateway_id
        FROM dev WHERE dev.id = c.device_id LIMIT 1) dv
      WHERE c.late
    )`);
  // A prepared statement on the ingestion pool (docs/metering.md#ingestion-cost): planning this
  // statement cost about as much PostgreSQL CPU as a quarter of running it for 1,000 events.
  const write = () => withDeadlockRetry(() => queryPrepared<IngestRow>(db, "ingest", "telemetry_ingest", withCtes(accepted).and(lateCorrectionsCte()).select(Prisma.sql`
    SELECT (SELECT count(*) FROM input)::int AS received,
           (SELECT count(*) FROM ev)::int AS accepted,
           (SELECT count(*) FROM late_rows)::int AS late,
           (SELECT count(*) FROM created WHERE inserted)::int AS devices_created,
           (SELECT count(*) FROM corrected)::int AS corrections`)));
  const [row] = await write().catch(async (error: unknown) => {
    // A partition this process ensured earlier today is gone (dropped by a run whose clock
    // is days ahead, or by hand): the statement wrote nothing; make them again and redo it once.
    if (!isMissingPartitionError(error)) throw error;
    forgetEnsuredTelemetryPartitions(db);
    await ensureTelemetryPartitionsOnce(db, now);
    return write();
  });

  if (options.fold ?? true) await foldAllPendingNow(db, { now });
  return {
    received: row!.received,
    accepted: row!.accepted,
    duplicates: row!.received - row!.accepted,
    late: row!.late,
    corrections: row!.corrections,
    devicesCreated: row!.devices_created,
  };
}
