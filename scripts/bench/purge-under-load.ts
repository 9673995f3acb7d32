/**
 * `npm run bench:purge-under-load`: telemetry ingestion's latency while the daily
 * retention purge runs (issue 18 §4, docs/subscriptions.md#retention-purge).
 *
 * 1. A throwaway database: one MSSP with BENCH_ACCOUNTS customers, and
 *    BENCH_STALE_DEVICES devices (plus BENCH_STALE_END_USERS end users) last seen
 *    two years ago, written set-based, for the purge to delete.
 * 2. Without the purge: BENCH_CLIENTS clients send batches of BENCH_BATCH events
 *    for BENCH_BASELINE_S seconds (live devices of every customer, the last hour's
 *    timestamps), in-process as bench:ingest's step 4 does: `ingestTelemetry` as the
 *    route calls it, then a fold asked for in the background.
 * 3. With the purge: the same load; after BENCH_LEAD_S the purge starts
 *    (`purgeInactiveRecords`, the daily step's call) and the load goes on until it
 *    has finished plus BENCH_LEAD_S. A batch counts as "during the purge" when it
 *    overlapped the purge's run. PostgreSQL's lock waits are sampled every 25 ms
 *    (pg_stat_activity, wait_event_type = 'Lock'); the purge's own LOCK TABLE
 *    attempts (each bounded by its lock_timeout) are read from the statement log.
 * 4. CHECK: every event of every batch is stored once, the purge deleted every
 *    stale device and no live one.
 *
 * Target: ingestion p95 < 250 ms while the purge runs.
 *
 * Env: BENCH_ACCOUNTS (100), BENCH_STALE_DEVICES (300000), BENCH_STALE_END_USERS
 * (50000), BENCH_LIVE_DEVICES_PER_ACCOUNT (100), BENCH_CLIENTS (4), BENCH_BATCH (500),
 * BENCH_BASELINE_S (10), BENCH_LEAD_S (2), BENCH_KEEP_DB=1, DATABASE_URL (server to
 * create the database on; default local PostgreSQL).
 */
import pg from "pg";
import { requestFold, foldAllPendingNow } from "../../src/server/metering/fold-telemetry";
import { ingestTelemetry } from "../../src/server/metering/ingest-telemetry";
import type { TelemetryEventInput } from "../../src/server/metering/telemetry-input";
import { PURGE_LOCK_TIMEOUT_MS, purgeInactiveRecords } from "../../src/server/subscriptions/purge-inactive-records";
import { adminActor, createTree } from "./lib/fixtures";
import { connectSql, createBenchDatabase, envNumber, fmtInt, fmtMs, log, machineLine, onCleanup, percentile, printTable, runBench, sleep, verdict } from "./lib/harness";
import { benchPrisma } from "./lib/prisma";

const TARGET_P95_MS = 250;
const LOCK_SAMPLE_MS = 25;

interface Batch {
  started: number;
  ended: number;
  ms: number;
  events: number;
  accepted: number;
  duplicates: number;
  error?: string;
}

function figures(batches: Batch[]) {
  const ok = batches.filter((batch) => !batch.error);
  const latencies = ok.map((batch) => batch.ms);
  return {
    batches: batches.length,
    failed: batches.length - ok.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.length ? Math.max(...latencies) : Number.NaN,
  };
}

await runBench("bench:purge-under-load", async () => {
  const accounts = envNumber("BENCH_ACCOUNTS", 100);
  const staleDevices = envNumber("BENCH_STALE_DEVICES", 300_000);
  const staleEndUsers = envNumber("BENCH_STALE_END_USERS", 50_000);
  const livePerAccount = envNumber("BENCH_LIVE_DEVICES_PER_ACCOUNT", 100);
  const clients = envNumber("BENCH_CLIENTS", 4);
  const batchSize = envNumber("BENCH_BATCH", 500);
  const baselineS = envNumber("BENCH_BASELINE_S", 10);
  const leadS = envNumber("BENCH_LEAD_S", 2);
  log(machineLine());

  // ── 1. Data ──
  const database = await createBenchDatabase("purge");
  const sql = await connectSql(database.url);
  const twoYearsAgo = new Date(Date.now() - 2 * 365 * 86_400_000);
  const tree = await createTree(sql, { children: accounts, createdAt: twoYearsAgo });
  await sql.query(
    `INSERT INTO devices (id, account_id, external_id, kind, registered_by, first_seen_at, last_seen_at, created_at)
     SELECT gen_random_uuid(), ($1::uuid[])[1 + n % cardinality($1::uuid[])], 'stale-' || n, 'ENDPOINT', 'telemetry', $2, $2, $2
     FROM generate_series(1, $3::int) AS n`,
    [tree.childIds, twoYearsAgo, staleDevices],
  );
  await sql.query(
    `INSERT INTO end_users (id, account_id, external_id, name, source, last_seen_at, created_at, updated_at)
     SELECT gen_random_uuid(), ($1::uuid[])[1 + n % cardinality($1::uuid[])], 'stale-user-' || n, 'Stale user ' || n, 'telemetry', $2, $2, $2
     FROM generate_series(1, $3::int) AS n`,
    [tree.childIds, twoYearsAgo, staleEndUsers],
  );
  await sql.query(`ANALYZE devices; ANALYZE end_users`);
  log(`${fmtInt(accounts)} customers; ${fmtInt(staleDevices)} devices and ${fmtInt(staleEndUsers)} end users last seen ${twoYearsAgo.toISOString().slice(0, 10)} (to purge).`);

  const bench = benchPrisma(database.url);
  // The purge on a client of its own, so its statement log holds its statements only.
  const purgeBench = benchPrisma(database.url);
  const actor = adminActor(tree.msspId, tree.msspPath);
  let sequence = 0;
  const makeBatch = (): TelemetryEventInput[] => {
    const batch = sequence++;
    const now = Date.now();
    return Array.from({ length: batchSize }, (_, i) => {
      const account = Math.floor(Math.random() * accounts);
      return {
        eventId: `b${batch}-${i}`,
        deviceId: `live-${Math.floor(Math.random() * livePerAccount)}`,
        accountId: tree.childIds[account]!,
        kind: "ENDPOINT" as const,
        at: new Date(now - Math.floor(Math.random() * 3_600_000)).toISOString(),
      };
    });
  };

  /** Clients send back to back until `until()` says stop. */
  async function load(until: () => boolean): Promise<Batch[]> {
    const batches: Batch[] = [];
    const client = async () => {
      while (!until()) {
        const events = makeBatch();
        const started = performance.now();
        try {
          // As the route does: answer once recorded, fold in the background.
          const outcome = await ingestTelemetry(bench.prisma, { actor, events, fold: false });
          void requestFold(bench.prisma).catch(() => {});
          const ended = performance.now();
          batches.push({ started, ended, ms: ended - started, events: events.length, accepted: outcome.accepted, duplicates: outcome.duplicates });
        } catch (error) {
          const ended = performance.now();
          batches.push({ started, ended, ms: ended - started, events: events.length, accepted: 0, duplicates: 0, error: error instanceof Error ? error.message.slice(-200) : String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    return batches;
  }

  // Warm-up: every live device exists and every connection has its prepared statements.
  const warmupEnds = Date.now() + 2000;
  await load(() => Date.now() >= warmupEnds);

  // ── 2. Without the purge ──
  log(`without the purge: ${clients} clients × batches of ${fmtInt(batchSize)} for ${baselineS} s…`);
  const baselineEnds = Date.now() + baselineS * 1000;
  const baseline = await load(() => Date.now() >= baselineEnds);

  // ── 3. With the purge ──
  log(`with the purge: the same load, the purge starting after ${leadS} s…`);
  const sampler = new pg.Client({ connectionString: database.url });
  await sampler.connect();
  onCleanup(() => sampler.end());
  const lockWaits: { backends: number; longestMs: number }[] = [];
  let purgeDone = false;
  let purgeWindow = { from: Number.NaN, to: Number.NaN };
  let stopAt = Number.POSITIVE_INFINITY;
  const sampling = (async () => {
    while (!purgeDone) {
      const { rows } = await sampler.query<{ backends: number; longest_ms: number }>(
        `SELECT count(*)::int AS backends, coalesce(max(extract(epoch FROM clock_timestamp() - query_start) * 1000), 0)::float8 AS longest_ms
         FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      lockWaits.push({ backends: rows[0]!.backends, longestMs: rows[0]!.longest_ms });
      await sleep(LOCK_SAMPLE_MS);
    }
  })();
  const purge = (async () => {
    await sleep(leadS * 1000);
    const from = performance.now();
    try {
      return await purgeInactiveRecords(purgeBench.prisma, { now: new Date() });
    } finally {
      purgeWindow = { from, to: performance.now() };
      purgeDone = true;
      stopAt = Date.now() + leadS * 1000;
    }
  })();
  const withPurgeLoad = load(() => Date.now() >= stopAt);
  const [purgeOutcome, withPurge] = await Promise.all([purge, withPurgeLoad, sampling]).then(([outcome, batches]) => [outcome, batches] as const);
  const lockAttempts = purgeBench.queries.filter((entry) => entry.sql.includes("LOCK TABLE telemetry_pending"));
  const during = withPurge.filter((batch) => batch.ended > purgeWindow.from && batch.started < purgeWindow.to);
  const purgeMs = purgeWindow.to - purgeWindow.from;

  // ── 4. CHECK ──
  await foldAllPendingNow(bench.prisma);
  const all = [...baseline, ...withPurge];
  const sentOk = all.filter((batch) => !batch.error).reduce((sum, batch) => sum + batch.accepted, 0);
  const stored = (await sql.query<{ events: number; stale: number; live: number; reported: number }>(
    `SELECT (SELECT count(*) FROM telemetry_events WHERE event_key LIKE 'b%')::int AS events,
            (SELECT count(*) FROM devices WHERE external_id LIKE 'stale-%')::int AS stale,
            (SELECT count(*) FROM devices WHERE external_id LIKE 'live-%')::int AS live,
            (SELECT count(DISTINCT device_id) FROM telemetry_events WHERE event_key LIKE 'b%')::int AS reported`,
  )).rows[0]!;
  // Warm-up batches were accepted too: the stored events are at least every measured acceptance.
  const checkOk = stored.events >= sentOk && stored.stale === 0 && stored.live === stored.reported && purgeOutcome.devices === staleDevices;
  log(
    `CHECK ${checkOk ? "ok" : "FAILED"}: ${fmtInt(stored.events)} events stored (≥ ${fmtInt(sentOk)} accepted in the measured phases); ` +
      `purged ${fmtInt(purgeOutcome.devices)} devices, ${fmtInt(purgeOutcome.endUsers)} end users; ${fmtInt(stored.stale)} stale devices left, ${fmtInt(stored.live)} live devices of ${fmtInt(stored.reported)} that reported`,
  );

  const without = figures(baseline);
  const inPurge = figures(during);
  const waited = lockWaits.filter((sample) => sample.backends > 0);
  printTable("Ingestion while the retention purge runs (in-process, no HTTP)", [
    ["figure", "without the purge", "during the purge", "target", "result"],
    ["batches (failed)", `${fmtInt(without.batches)} (${without.failed})`, `${fmtInt(inPurge.batches)} (${inPurge.failed})`, "0 failed", verdict(without.failed + inPurge.failed === 0)],
    ["batch latency p50", fmtMs(without.p50), fmtMs(inPurge.p50), "", ""],
    ["batch latency p95", fmtMs(without.p95), fmtMs(inPurge.p95), `< ${TARGET_P95_MS} ms`, verdict(inPurge.p95 < TARGET_P95_MS)],
    ["batch latency max", fmtMs(without.max), fmtMs(inPurge.max), "", ""],
  ]);
  printTable("The purge", [
    ["figure", "value"],
    ["duration", fmtMs(purgeMs)],
    ["devices / end users purged", `${fmtInt(purgeOutcome.devices)} / ${fmtInt(purgeOutcome.endUsers)}`],
    [`LOCK TABLE attempts (timeout ${PURGE_LOCK_TIMEOUT_MS} ms each): total / timed out`, `${lockAttempts.length} / ${lockAttempts.filter((entry) => entry.failed).length}`],
    ["LOCK TABLE wait, longest", fmtMs(Math.max(0, ...lockAttempts.map((entry) => entry.durationMs)))],
    [`lock-wait samples (every ${LOCK_SAMPLE_MS} ms): with a waiter / total`, `${waited.length} / ${lockWaits.length}`],
    ["longest lock wait seen (any backend)", fmtMs(Math.max(0, ...lockWaits.map((sample) => sample.longestMs)))],
  ]);
  // Where the purge spends its time: every statement holding new batches (after its LOCK TABLE) delays them.
  const purgeStatements = purgeBench.queries
    .filter((entry) => entry.durationMs >= 50)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 8);
  for (const entry of purgeStatements) log(`purge statement ${fmtMs(entry.durationMs)}${entry.failed ? " (failed)" : ""}: ${entry.sql.replace(/\s+/g, " ").slice(0, 140)}`);
  const failures = all.filter((batch) => batch.error);
  if (failures.length) log(`first failure: ${failures[0]!.error}`);
  log(machineLine());
  if (!checkOk) throw new Error("CHECK failed: see above.");
});
