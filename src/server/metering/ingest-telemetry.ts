import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { PAYG_MINIMUM_RANK } from "@/server/plans/firmware-version";
import { kindMatchesUnit, LATE_WINDOW_DAYS } from "./device-service-match";
import type { TelemetryEventInput } from "./telemetry-input";

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
  late_events: { account_id: string; device_id: string; day: string; event_key: string }[];
}

/**
 * Resolves the accounts a batch reports for: the key's own account by default,
 * or any account below it. Unknown → 404; known but out of reach → 403 (SPEC §5.2).
 */
async function resolveBatchAccounts(db: Db, actor: Actor, events: TelemetryEventInput[]): Promise<Map<string, string>> {
  const keyAccount = actor.grants[0]!;
  const requested = [...new Set(events.map((event) => event.accountId ?? keyAccount.accountId))];
  const invalidIds = requested.filter((id) => !isUuid(id));
  if (invalidIds.length) throw new AppError("NOT_FOUND", `Unknown account ${invalidIds[0]}.`, { reason: "UNKNOWN_ACCOUNT" });
  const accounts = await db.account.findMany({ where: { id: { in: requested } }, select: { id: true, path: true } });
  const missing = requested.find((id) => !accounts.some((account) => account.id === id));
  if (missing) throw new AppError("NOT_FOUND", `Unknown account ${missing}.`, { reason: "UNKNOWN_ACCOUNT" });
  const outside = accounts.find((account) => !account.path.startsWith(keyAccount.accountPath));
  if (outside) {
    throw new AppError("FORBIDDEN", `This key cannot report for account ${outside.id}.`, { reason: "ACCOUNT_OUT_OF_REACH" });
  }
  return new Map(accounts.map((account) => [account.id, account.path]));
}

/**
 * Writes a validated batch with one set-based statement: devices are created
 * or touched, each new event is recorded once (its key makes re-sends
 * duplicates), and the per-day activity of each device is upserted in its
 * account's timezone. Events for days whose late window has closed and that
 * are already metered never touch activity: they become corrections (a second
 * statement, only when present). A closed day not metered yet (the nightly run
 * has not reached it, or metering is catching up after an outage) still takes
 * activity, so the catch-up run counts it instead of losing it.
 */
export async function ingestTelemetry(
  db: Db,
  options: { actor: Actor; events: TelemetryEventInput[]; now?: Date },
): Promise<IngestResult> {
  const { actor, events } = options;
  const now = options.now ?? new Date();
  await resolveBatchAccounts(db, actor, events);
  const keyAccountId = actor.grants[0]!.accountId;

  const accountIds = events.map((event) => event.accountId ?? keyAccountId);
  const deviceIds = events.map((event) => event.deviceId);
  const eventKeys = events.map((event) => event.eventId ?? `${event.deviceId}@${new Date(event.at).toISOString()}`);
  const kinds = events.map((event) => event.kind);
  const ats = events.map((event) => new Date(event.at).toISOString());

  const [row] = await withDeadlockRetry(() => db.$queryRaw<IngestRow[]>`
    WITH input AS (
      SELECT * FROM unnest(${accountIds}::uuid[], ${deviceIds}::text[], ${eventKeys}::text[], ${kinds}::text[], ${ats}::timestamptz[])
        AS i(account_id, device_ext, event_key, kind, at)
    ), seat_user AS (
      -- End users appear from telemetry (SPEC §9): a user-seat device not paired to
      -- anyone is its own end user (external id = the seat id), created or touched
      -- here in the same statement. Seats already paired (e.g. a phone an admin
      -- paired to a person) keep their user and create nobody.
      INSERT INTO end_users AS u (id, account_id, external_id, name, source, last_seen_at, created_at, updated_at)
      SELECT gen_random_uuid(), s.account_id, s.device_ext, s.device_ext, 'telemetry', s.last_at, ${now}, ${now}
      FROM (SELECT account_id, device_ext, max(at) AS last_at FROM input WHERE kind = 'USER_SEAT' GROUP BY account_id, device_ext) s
      WHERE NOT EXISTS (SELECT 1 FROM devices pd WHERE pd.account_id = s.account_id AND pd.external_id = s.device_ext AND pd.end_user_id IS NOT NULL)
      ORDER BY s.account_id, s.device_ext
      ON CONFLICT (account_id, external_id) DO UPDATE SET last_seen_at = GREATEST(u.last_seen_at, EXCLUDED.last_seen_at)
      RETURNING u.id, u.account_id, u.external_id
    ), dev AS (
      INSERT INTO devices AS d (id, account_id, external_id, kind, gateway_id, end_user_id, registered_by, first_seen_at, last_seen_at, created_at)
      SELECT gen_random_uuid(), g.account_id, g.device_ext, g.kind::"DeviceKind",
             (SELECT gw.id FROM gateways gw WHERE gw.serial_number = g.device_ext AND gw.account_id = g.account_id),
             (SELECT su.id FROM seat_user su WHERE su.account_id = g.account_id AND su.external_id = g.device_ext),
             'telemetry', g.first_at, g.last_at, ${now}
      FROM (SELECT account_id, device_ext, min(kind) AS kind, min(at) AS first_at, max(at) AS last_at
            FROM input GROUP BY account_id, device_ext) g
      -- A fixed order: concurrent batches lock shared rows in the same sequence, not in a deadlock.
      ORDER BY g.account_id, g.device_ext
      ON CONFLICT (account_id, external_id) DO UPDATE
        SET first_seen_at = LEAST(d.first_seen_at, EXCLUDED.first_seen_at),
            last_seen_at = GREATEST(d.last_seen_at, EXCLUDED.last_seen_at),
            gateway_id = COALESCE(d.gateway_id, EXCLUDED.gateway_id),
            end_user_id = COALESCE(d.end_user_id, EXCLUDED.end_user_id)
      RETURNING d.id, d.account_id, d.external_id, d.kind, d.gateway_id, d.end_user_id, (xmax = 0) AS inserted
    ), ev AS (
      INSERT INTO telemetry_events (account_id, event_key, device_id, at, received_at)
      SELECT i.account_id, i.event_key, dev.id, i.at, ${now}
      FROM input i JOIN dev ON dev.account_id = i.account_id AND dev.external_id = i.device_ext
      ORDER BY i.account_id, i.event_key
      ON CONFLICT DO NOTHING
      RETURNING account_id, event_key, device_id, at
    ), gateway_seen AS (
      UPDATE gateways g SET last_seen_at = GREATEST(g.last_seen_at, seen.last_at)
      FROM (SELECT dev.gateway_id, max(i.at) AS last_at
            FROM input i JOIN dev ON dev.account_id = i.account_id AND dev.external_id = i.device_ext
            WHERE dev.gateway_id IS NOT NULL GROUP BY dev.gateway_id) seen
      WHERE g.id = seen.gateway_id
      RETURNING 1
    ), classified AS (
      SELECT ev.*, (ev.at AT TIME ZONE a.billing_timezone)::date AS day,
             ${now}::timestamptz >= ((((ev.at AT TIME ZONE a.billing_timezone)::date + ${LATE_WINDOW_DAYS + 1}::int)::timestamp) AT TIME ZONE a.billing_timezone)
             AND EXISTS (SELECT 1 FROM metering_watermarks w
                         WHERE w.account_id = ev.account_id AND w.last_day >= (ev.at AT TIME ZONE a.billing_timezone)::date) AS late
      FROM ev JOIN accounts a ON a.id = ev.account_id
    ), daily AS (
      INSERT INTO device_daily_activity AS x (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
      SELECT c.account_id, c.day, c.device_id, min(c.at), max(c.at), count(*)::int, min(dev.kind::text)::"DeviceKind", min(dev.end_user_id::text)::uuid,
             bool_or(COALESCE(gw.firmware_rank >= ${PAYG_MINIMUM_RANK}::int AND (
               (gw.locked_to_plan AND gw.plan_id IS NOT NULL AND p.license_type = 'PAYG')
               OR ((NOT gw.locked_to_plan OR gw.plan_id IS NULL) AND gw.own_license_type = 'PAYG')), false))
      FROM classified c
      JOIN dev ON dev.id = c.device_id
      LEFT JOIN gateways gw ON gw.id = dev.gateway_id
      LEFT JOIN plans p ON p.id = gw.plan_id
      WHERE NOT c.late
      GROUP BY c.account_id, c.day, c.device_id
      ORDER BY c.account_id, c.day, c.device_id
      ON CONFLICT (account_id, day, device_id) DO UPDATE
        SET first_seen_at = LEAST(x.first_seen_at, EXCLUDED.first_seen_at),
            last_seen_at = GREATEST(x.last_seen_at, EXCLUDED.last_seen_at),
            events = x.events + EXCLUDED.events,
            payg = x.payg OR EXCLUDED.payg
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM input)::int AS received,
           (SELECT count(*) FROM ev)::int AS accepted,
           (SELECT count(*) FROM classified WHERE late)::int AS late,
           (SELECT count(*) FROM dev WHERE inserted)::int AS devices_created,
           (SELECT count(*) FROM daily)::int AS days_touched,
           (SELECT count(*) FROM gateway_seen)::int AS gateways_seen,
           COALESCE((SELECT json_agg(json_build_object('account_id', account_id, 'device_id', device_id, 'day', day, 'event_key', event_key))
                     FROM classified WHERE late), '[]'::json) AS late_events`);

  const corrections = row!.late_events.length ? await recordCorrections(db, row!.late_events) : 0;
  return {
    received: row!.received,
    accepted: row!.accepted,
    duplicates: row!.received - row!.accepted,
    late: row!.late,
    corrections,
    devicesCreated: row!.devices_created,
  };
}

/**
 * A late event adds a device-day only where the metered day did not already
 * count the device: one signed +1 per (account, service, day, device), once.
 */
async function recordCorrections(db: Db, late: IngestRow["late_events"]): Promise<number> {
  const accountIds = late.map((event) => event.account_id);
  const deviceIds = late.map((event) => event.device_id);
  const days = late.map((event) => event.day);
  const keys = late.map((event) => event.event_key);
  return db.$executeRaw`
    INSERT INTO usage_corrections (account_id, service_id, day, device_id, delta, reason, event_key, created_at)
    SELECT DISTINCT ON (l.account_id, u.service_id, l.day, l.device_id)
           l.account_id, u.service_id, l.day, l.device_id, 1, 'Late event after the day''s late window', l.event_key, now()
    FROM unnest(${accountIds}::uuid[], ${deviceIds}::uuid[], ${days}::date[], ${keys}::text[]) AS l(account_id, device_id, day, event_key)
    JOIN devices dv ON dv.id = l.device_id
    LEFT JOIN gateways gw ON gw.id = dv.gateway_id
    LEFT JOIN plans p ON p.id = gw.plan_id
    JOIN usage_daily u ON u.account_id = l.account_id AND u.day = l.day AND u.payg AND u.billable
    JOIN services s ON s.id = u.service_id
    WHERE ${kindMatchesUnit(Prisma.sql`dv.kind::text`, Prisma.sql`s.unit::text`)}
      AND (s.unit <> 'GATEWAY' OR COALESCE(gw.firmware_rank >= ${PAYG_MINIMUM_RANK}::int AND (
            (gw.locked_to_plan AND gw.plan_id IS NOT NULL AND p.license_type = 'PAYG')
            OR ((NOT gw.locked_to_plan OR gw.plan_id IS NULL) AND gw.own_license_type = 'PAYG')), false))
      AND NOT EXISTS (SELECT 1 FROM device_daily_activity a WHERE a.account_id = l.account_id AND a.day = l.day AND a.device_id = l.device_id)
    ON CONFLICT (account_id, service_id, day, device_id) DO NOTHING`;
}

/** True for PostgreSQL's deadlock and serialization failures, as Prisma reports them. */
function isRetryableConflict(error: unknown): boolean {
  const candidate = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } }; message?: string };
  const code = candidate?.meta?.driverAdapterError?.cause?.originalCode ?? candidate?.meta?.code;
  return candidate?.code === "P2034" || code === "40P01" || code === "40001" || /deadlock detected/i.test(candidate?.message ?? "");
}

/**
 * A batch is one statement, so a deadlock rolls it back whole; trying again is
 * safe (event keys make it idempotent) and beats answering 500.
 */
async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}
