import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db, DbTx } from "@/server/db";
import { gatewaySerialSql } from "@/server/devices/gateway-serial";
import { gatewayIsPaygSql } from "@/server/usage";
import { lateCorrectionsCte } from "./late-corrections-sql";
import { cte, withCtes } from "@/server/db/with-ctes";
import { withDeadlockRetry } from "./retry-conflicts";

/** One advisory lock for every fold and for metering, which folds first (meter-days.ts). */
export const FOLD_LOCK = "telemetry-fold";
/** Rows taken per statement: a backlog after downtime is folded in bounded steps. */
export const FOLD_CHUNK = 50_000;

export interface FoldResult {
  /** Pending events taken off the queue. */
  events: number;
  /** Device-days written or widened. */
  days: number;
  /** Queued events whose day was metered before they were folded: corrections instead. */
  corrections: number;
}

const NOTHING: FoldResult = { events: 0, days: 0, corrections: 0 };

function addTo(total: FoldResult, more: FoldResult): void {
  total.events += more.events;
  total.days += more.days;
  total.corrections += more.corrections;
}

/**
 * Folds up to `limit` queued events (telemetry_pending) into the devices'
 * first/last seen, their gateway and end-user links, and the per-day activity
 * that metering reads — and deletes them. The caller holds FOLD_LOCK in the
 * same transaction, so folds never interleave, and metering (which takes the
 * lock too) never reads a day while a fold is adding to it: an event whose day
 * is metered by the time it is folded becomes a correction, never activity
 * nobody will bill.
 *
 * In steps, each a statement of the same transaction:
 * 1. claim: the chunk leaves the queue, collapsed to device-days in a
 *    transaction-local table — so every later step sees exactly these events
 *    (a batch committing meanwhile waits for the next fold) and runs once per
 *    device-day, joining indexed tables rather than one CTE to another (the
 *    planner cannot size a CTE, and a nested loop between two of them grows
 *    with the square of the chunk);
 * 2. links: end users for unpaired user seats, and gateways registered after
 *    their device first reported;
 * 3. the fold: last seen, and the activity upsert;
 * 4. only when some events turned out late: their corrections.
 */
export async function foldPendingChunk(tx: DbTx, options: { now: Date; limit?: number }): Promise<FoldResult> {
  const { now } = options;
  const limit = options.limit ?? FOLD_CHUNK;
  // Created once per connection and emptied at every commit or rollback — and here, since
  // one transaction may fold several chunks (metering, a backlog).
  await tx.$executeRawUnsafe(`
    CREATE TEMP TABLE IF NOT EXISTS fold_days (
      account_id uuid NOT NULL, device_id uuid NOT NULL, day date NOT NULL,
      first_at timestamptz(3) NOT NULL, last_at timestamptz(3) NOT NULL, events int NOT NULL, event_key text NOT NULL
    ) ON COMMIT DELETE ROWS`);
  await tx.$executeRawUnsafe(`TRUNCATE fold_days`);
  const [claimed] = await tx.$queryRaw<{ events: number }[]>`
    WITH moved AS (
      DELETE FROM telemetry_pending q
      WHERE q.ctid = ANY(ARRAY(SELECT ctid FROM telemetry_pending LIMIT ${limit}::int))
      RETURNING q.account_id, q.device_id, q.event_key, q.at
    ), days AS (
      INSERT INTO fold_days (account_id, device_id, day, first_at, last_at, events, event_key)
      SELECT m.account_id, m.device_id, (m.at AT TIME ZONE a.billing_timezone)::date,
             min(m.at), max(m.at), count(*)::int, min(m.event_key)
      FROM moved m JOIN accounts a ON a.id = m.account_id
      GROUP BY 1, 2, 3
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved)::int AS events, (SELECT count(*) FROM days)::int AS days`;
  const events = claimed?.events ?? 0;
  if (events === 0) return { ...NOTHING };
  await linkClaimedDevices(tx, now);
  const [row] = await tx.$queryRaw<{ days: number; late: LateEvent[] }[]>`
    WITH touched AS (
      UPDATE devices d
      SET first_seen_at = LEAST(d.first_seen_at, s.first_at), last_seen_at = GREATEST(d.last_seen_at, s.last_at)
      FROM (SELECT device_id, min(first_at) AS first_at, max(last_at) AS last_at FROM fold_days GROUP BY device_id) s
      WHERE d.id = s.device_id
        AND (d.first_seen_at IS NULL OR d.first_seen_at > s.first_at OR d.last_seen_at IS NULL OR d.last_seen_at < s.last_at)
      RETURNING 1
    ), classified AS MATERIALIZED (
      -- The day is metered once any watermark of the account covers it (the same
      -- test ingestion applies on arrival); under FOLD_LOCK no run can meter it
      -- between this check and the commit. Kind, user and gateway as linked in step 2.
      SELECT f.*, d.kind, d.end_user_id, d.gateway_id, d.external_id AS device_ext,
             EXISTS (SELECT 1 FROM metering_watermarks w WHERE w.account_id = f.account_id AND w.last_day >= f.day) AS late
      FROM fold_days f JOIN devices d ON d.id = f.device_id
    ), gateway_seen AS (
      -- (Data-modifying CTEs run to completion whether or not they are read.)
      UPDATE gateways g SET last_seen_at = t.last_at
      FROM (SELECT gateway_id, max(last_at) AS last_at FROM classified WHERE gateway_id IS NOT NULL GROUP BY gateway_id) t
      WHERE g.id = t.gateway_id AND (g.last_seen_at IS NULL OR g.last_seen_at < t.last_at)
      RETURNING 1
    ), daily AS (
      INSERT INTO device_daily_activity AS x (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
      SELECT c.account_id, c.day, c.device_id, c.first_at, c.last_at, c.events, c.kind, c.end_user_id, ${gatewayIsPaygSql("gw", "p")}
      FROM classified c
      LEFT JOIN gateways gw ON gw.id = c.gateway_id
      LEFT JOIN plans p ON p.id = gw.plan_id
      WHERE NOT c.late
      ORDER BY c.account_id, c.day, c.device_id
      ON CONFLICT (account_id, day, device_id) DO UPDATE
        SET first_seen_at = LEAST(x.first_seen_at, EXCLUDED.first_seen_at),
            last_seen_at = GREATEST(x.last_seen_at, EXCLUDED.last_seen_at),
            events = x.events + EXCLUDED.events,
            payg = x.payg OR EXCLUDED.payg
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM daily)::int AS days,
           COALESCE((SELECT json_agg(json_build_object('account_id', account_id, 'device_id', device_id, 'device_ext', device_ext, 'day', day, 'event_key', event_key,
                                                       'kind', kind, 'gateway_id', gateway_id))
                     FROM classified WHERE late), '[]'::json) AS late`;
  const late = row?.late ?? [];
  const corrections = late.length ? await recordLateCorrections(tx, late) : 0;
  return { events, days: row?.days ?? 0, corrections };
}

interface LateEvent {
  account_id: string;
  device_id: string;
  device_ext: string;
  day: string;
  event_key: string;
  kind: string;
  gateway_id: string | null;
}

/**
 * Step 2 of a fold, for the devices claimed: a user seat paired to nobody is
 * its own end user (docs/end-users-and-devices.md#end-users: end users appear from telemetry; external id =
 * the seat id), created or touched and paired here — seats an admin paired to
 * a person keep their user and create nobody; and a gateway registered after
 * its device first reported is linked to it.
 */
async function linkClaimedDevices(tx: DbTx, now: Date): Promise<void> {
  await tx.$executeRaw`
    WITH seats AS (
      SELECT d.id, d.account_id, d.external_id, max(f.last_at) AS last_at
      FROM fold_days f JOIN devices d ON d.id = f.device_id
      WHERE d.kind = 'USER_SEAT' AND d.end_user_id IS NULL
      GROUP BY d.id, d.account_id, d.external_id
    ), seat_user AS (
      INSERT INTO end_users AS u (id, account_id, external_id, name, source, last_seen_at, created_at, updated_at)
      SELECT gen_random_uuid(), account_id, external_id, external_id, 'telemetry', last_at, ${now}, ${now}
      FROM seats
      ORDER BY account_id, external_id
      ON CONFLICT (account_id, external_id) DO UPDATE SET last_seen_at = GREATEST(u.last_seen_at, EXCLUDED.last_seen_at)
      RETURNING u.id, u.account_id, u.external_id
    ), paired AS (
      UPDATE devices d SET end_user_id = su.id
      FROM seat_user su
      WHERE d.account_id = su.account_id AND d.external_id = su.external_id AND d.end_user_id IS NULL
      RETURNING 1
    )
    UPDATE devices d SET gateway_id = gw.id
    FROM (SELECT DISTINCT device_id FROM fold_days) f, gateways gw
    WHERE d.id = f.device_id AND d.gateway_id IS NULL
      AND gw.serial_number = ${gatewaySerialSql("d.external_id")} AND gw.account_id = d.account_id`;
}

/** Step 4 of a fold: the corrections of queued events whose day was metered meanwhile. */
async function recordLateCorrections(tx: DbTx, late: LateEvent[]): Promise<number> {
  const lateRows = cte("late_rows", Prisma.sql`
      SELECT * FROM unnest(${late.map((e) => e.account_id)}::uuid[], ${late.map((e) => e.device_id)}::uuid[],
                           ${late.map((e) => e.device_ext)}::text[],
                           ${late.map((e) => e.day)}::date[], ${late.map((e) => e.event_key)}::text[],
                           ${late.map((e) => e.kind)}::text[], ${late.map((e) => e.gateway_id)}::uuid[])
        AS l(account_id, device_id, device_ext, day, event_key, kind, gateway_id)`);
  const [row] = await tx.$queryRaw<{ count: number }[]>(
    withCtes(lateRows).and(lateCorrectionsCte()).select(Prisma.sql`SELECT count(*)::int AS count FROM corrected`),
  );
  return row?.count ?? 0;
}

/**
 * Takes FOLD_LOCK inside `tx` (waiting for a running fold) and folds the whole
 * queue. For steps that must see every accepted event: metering, the purge.
 */
export async function foldAllInTransaction(tx: DbTx, options: { now: Date; chunk?: number }): Promise<FoldResult> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${FOLD_LOCK}))::text`;
  return foldWhileFull(tx, options.now, options.chunk ?? FOLD_CHUNK);
}

/** Folds the whole queue in a transaction of its own, waiting for a fold (or a metering run) in progress. */
export async function foldAllPendingNow(db: Db, options: { now?: Date; chunk?: number } = {}): Promise<FoldResult> {
  return withDeadlockRetry(() =>
    db.$transaction((tx) => foldAllInTransaction(tx, { now: options.now ?? new Date(), chunk: options.chunk }), { timeout: 120_000 }),
  );
}

async function foldWhileFull(tx: DbTx, now: Date, limit: number): Promise<FoldResult> {
  const total = { ...NOTHING };
  for (;;) {
    const chunk = await foldPendingChunk(tx, { now, limit });
    addTo(total, chunk);
    if (chunk.events < limit) return total;
  }
}

/**
 * One fold transaction, if no other fold or metering run holds the lock (else
 * null: that one will see these events, see drainPendingTelemetry).
 */
export async function tryFoldChunk(db: Db, options: { now?: () => Date } = {}): Promise<FoldResult | null> {
  const clock = options.now ?? (() => new Date());
  return withDeadlockRetry(() =>
    db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT set_config('jit', 'off', true), pg_try_advisory_xact_lock(hashtext(${FOLD_LOCK})) AS locked`;
        if (!lock?.locked) return null;
        return foldPendingChunk(tx, { now: clock(), limit: FOLD_CHUNK });
      },
      { timeout: 120_000 },
    ),
  );
}

async function anyPending(db: Db): Promise<boolean> {
  const [row] = await db.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM telemetry_pending) AS any`;
  return row?.any ?? false;
}

/**
 * Folds until the queue is empty, or until another fold or a metering run
 * holds the lock (`busy`). The last check comes after the lock is released: a
 * batch that committed while this fold held the lock (and so could not fold
 * itself) is always seen — by that check or by the fold that held the lock.
 *
 * `pauseMs`: when events arrived while a chunk was folding (and it was not a
 * full one: a backlog folds back to back), the next fold starts no sooner than
 * that long after this one started, so it takes everything that arrived
 * meanwhile in one go. A fold's work is per device-day, not per event: under
 * a steady stream, fewer and larger folds write each device's last seen and
 * each device-day once for more of its events.
 */
export async function drainPendingTelemetry(
  db: Db,
  options: { now?: () => Date; pauseMs?: number } = {},
): Promise<FoldResult & { busy: boolean }> {
  const total = { ...NOTHING, busy: false };
  for (;;) {
    const started = Date.now();
    const folded = await tryFoldChunk(db, { now: options.now });
    if (folded === null) return { ...total, busy: true };
    addTo(total, folded);
    if (folded.events < FOLD_CHUNK) {
      if (!(await anyPending(db))) return total;
      const wait = started + (options.pauseMs ?? 0) - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** While someone else folds (or meters), how long to wait before trying again. */
const BUSY_RETRY_MS = 250;
/**
 * Under a steady stream of batches, one fold per this long at most (drainPendingTelemetry's
 * `pauseMs`): activity and last seen follow the answers within about a second, and each fold
 * takes a second's events at once.
 */
export const FOLD_PAUSE_MS = 1000;

const globalState = globalThis as unknown as { __portalFold?: { running: Promise<FoldResult> | null; again: boolean } };

/**
 * Asks this process to fold soon. A request arriving while a fold runs only
 * marks it to go round once more and returns at once (null), so one
 * connection folds for all of them instead of each request queueing on the
 * lock, and no request is held open waiting for someone else's fold. While
 * the lock is held elsewhere the loop retries every BUSY_RETRY_MS as long as
 * events keep arriving, instead of spinning; once the holder is a fold, it
 * sees them anyway. While batches keep coming it folds once per FOLD_PAUSE_MS.
 */
export function requestFold(db: Db): Promise<FoldResult | null> {
  const state = (globalState.__portalFold ??= { running: null, again: false });
  if (state.running) {
    state.again = true;
    return Promise.resolve(null);
  }
  const loop = async (): Promise<FoldResult> => {
    const total = { ...NOTHING };
    try {
      for (;;) {
        state.again = false;
        const folded = await drainPendingTelemetry(db, { pauseMs: FOLD_PAUSE_MS });
        addTo(total, folded);
        if (!state.again) return total;
        if (folded.busy) await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
      }
    } finally {
      state.running = null;
    }
  };
  state.running = loop();
  return state.running;
}
