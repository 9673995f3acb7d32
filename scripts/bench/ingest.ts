/**
 * `npm run bench:ingest`: sustained telemetry ingestion over HTTP against a
 * production build (`next start`), compared with one hand-written
 * INSERT … SELECT of the same events into the daily-activity table.
 *
 * 1. A throwaway database: one MSSP with 100 customer accounts and an API key
 *    of the MSSP (events name the customer in `accountId`).
 * 2. `next build` into `.next-bench` (BENCH_SKIP_BUILD=1 reuses an existing
 *    build: `.next-bench`, else `.next`), `next start` on a free port with
 *    TELEMETRY_RATE_PER_SECOND raised out of the way.
 * 3. HTTP: several clients POST batches of 1,000 events (GATEWAY and ENDPOINT
 *    devices of every customer, timestamps of the last two hours) back to back,
 *    a warm-up and then the measured window. A small share of batches is sent
 *    twice, as a retrying client would, so the duplicates the API reports can
 *    be checked against the ones sent. The API answers once a batch is queued
 *    and the server folds the queue after the answers, so the fold queue is
 *    sampled every second (it must stay bounded), the CHECK waits until it is
 *    empty (the lag after the last answer is printed), and the server's and
 *    PostgreSQL's CPU are read after that, so deferred work is charged too.
 * 4. In-process (no HTTP, for the diagnosis): the same clients call
 *    ingestTelemetry directly and ask for a fold as the route does, so HTTP +
 *    Next + validation can be told apart from the database work; the ingest
 *    and fold statements' own durations are recorded.
 * 5. Hand-written: one INSERT … SELECT … GROUP BY … ON CONFLICT of every
 *    accepted event into a copy of device_daily_activity — the ceiling for that
 *    table.
 *
 * Targets: ≥ 25,000 events/s sustained, p95 batch latency < 250 ms.
 *
 * Env: BENCH_DURATION_S (30), BENCH_WARMUP_S (5), BENCH_INPROCESS_S (10; 0
 * skips step 4), BENCH_CLIENTS (4), BENCH_BATCH (1000), BENCH_ACCOUNTS (100),
 * BENCH_DEVICES_PER_ACCOUNT (200), BENCH_RESEND (0.02: share of batches sent
 * twice), BENCH_PARTITION=1 (each client reports for its own customers, so
 * concurrent batches never touch the same devices), BENCH_POOL_SIZE (the server's DATABASE_POOL_SIZE; the app's default
 * 10), BENCH_EXPLAIN=1 (plan of the ingest statement even when targets are
 * met), BENCH_SKIP_BUILD=1, BENCH_KEEP_DB=1, DATABASE_URL (server to create
 * the database on; default local PostgreSQL).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { requestFold } from "../../src/server/metering/fold-telemetry";
import { ingestTelemetry } from "../../src/server/metering/ingest-telemetry";
import type { TelemetryEventInput } from "../../src/server/metering/telemetry-input";
import { adminActor, createTree, insertApiKey } from "./lib/fixtures";
import {
  connectSql,
  createBenchDatabase,
  envNumber,
  fmtInt,
  fmtMs,
  fmtRatio,
  log,
  machineCpuSeconds,
  machineLine,
  median,
  percentile,
  printTable,
  processCpuSeconds,
  runBench,
  sleep,
  timed,
  verdict,
} from "./lib/harness";
import { ensureBuild, startServer, tail } from "./lib/next-server";
import { benchPrisma, explainStatement, type LoggedQuery } from "./lib/prisma";

const TARGET_EVENTS_PER_SECOND = 25_000;
const TARGET_P95_MS = 250;

interface Device {
  accountId: string;
  externalId: string;
  kind: "GATEWAY" | "ENDPOINT";
}

interface BatchOutcome {
  ok: boolean;
  ms: number;
  events: number;
  accepted: number;
  duplicates: number;
  resent: boolean;
  measured: boolean;
  error?: string;
}

interface LoadResult {
  outcomes: BatchOutcome[];
  windowS: number;
}

/**
 * `clients` loops sending batches until the window ends; outcomes of batches
 * started after the warm-up are marked measured. `onMeasureStart` runs when
 * the warm-up ends (CPU snapshots).
 */
async function runLoad(options: {
  clients: number;
  warmupS: number;
  durationS: number;
  resendShare: number;
  makeBatch: (client: number) => TelemetryEventInput[];
  send: (events: TelemetryEventInput[]) => Promise<Omit<BatchOutcome, "resent" | "measured" | "events">>;
  onMeasureStart?: () => Promise<void>;
}): Promise<LoadResult> {
  const warmupEnds = Date.now() + options.warmupS * 1000;
  const loadEnds = warmupEnds + options.durationS * 1000;
  let measuredStart = performance.now();
  const outcomes: BatchOutcome[] = [];
  const marker = (async () => {
    await sleep(Math.max(0, warmupEnds - Date.now()));
    measuredStart = performance.now();
    await options.onMeasureStart?.();
  })();
  const client = async (_: unknown, index: number) => {
    let previous: TelemetryEventInput[] | null = null;
    while (Date.now() < loadEnds) {
      const resent: boolean = previous !== null && Math.random() < options.resendShare;
      const events: TelemetryEventInput[] = resent && previous ? previous : options.makeBatch(index);
      previous = events;
      const measured = Date.now() >= warmupEnds;
      const outcome = await options.send(events);
      outcomes.push({ ...outcome, events: events.length, resent, measured });
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  const measuredEnd = performance.now();
  await marker;
  return { outcomes, windowS: (measuredEnd - measuredStart) / 1000 };
}

function summarise(result: LoadResult) {
  const measured = result.outcomes.filter((outcome) => outcome.measured);
  const ok = measured.filter((outcome) => outcome.ok);
  const latencies = ok.map((outcome) => outcome.ms);
  return {
    batches: measured.length,
    failed: measured.length - ok.length,
    eventsPerSecond: ok.reduce((sum, outcome) => sum + outcome.events, 0) / result.windowS,
    acceptedPerSecond: ok.reduce((sum, outcome) => sum + outcome.accepted, 0) / result.windowS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.length ? Math.max(...latencies) : Number.NaN,
  };
}

await runBench("bench:ingest", async () => {
  const durationS = envNumber("BENCH_DURATION_S", 30);
  const warmupS = envNumber("BENCH_WARMUP_S", 5);
  const inProcessS = Number(process.env.BENCH_INPROCESS_S ?? 10);
  const clients = envNumber("BENCH_CLIENTS", 4);
  const batchSize = envNumber("BENCH_BATCH", 1000);
  const accounts = envNumber("BENCH_ACCOUNTS", 100);
  const perAccount = envNumber("BENCH_DEVICES_PER_ACCOUNT", 200);
  const resendShare = Number(process.env.BENCH_RESEND ?? 0.02);
  const poolSize = process.env.BENCH_POOL_SIZE ?? process.env.DATABASE_POOL_SIZE ?? "10";
  log(machineLine());

  const database = await createBenchDatabase("ingest");
  const sql = await connectSql(database.url);
  const tree = await createTree(sql, { children: accounts, createdAt: new Date(Date.now() - 90 * 86_400_000) });
  const apiKey = await insertApiKey(sql, tree.msspId);
  const devices: Device[] = tree.childIds.flatMap((accountId, a) =>
    Array.from({ length: perAccount }, (_, n) => {
      const kind = n % 4 === 0 ? ("GATEWAY" as const) : ("ENDPOINT" as const);
      return { accountId, externalId: `${kind === "GATEWAY" ? "gw" : "ep"}-${a}-${n}`, kind };
    }),
  );
  log(`${fmtInt(accounts)} customers under one MSSP, ${fmtInt(devices.length)} devices, an API key of the MSSP.`);

  const secret = randomBytes(24).toString("base64url");
  const distDir = await ensureBuild(secret);
  const server = await startServer({
    distDir,
    secret,
    env: { DATABASE_URL: database.url, DATABASE_POOL_SIZE: poolSize, TELEMETRY_RATE_PER_SECOND: "1000000" },
  });
  const endpoint = `${server.baseUrl}/api/v1/telemetry`;

  // Each client draws from all devices, or with BENCH_PARTITION=1 from the customers it alone reports for.
  const partitioned = process.env.BENCH_PARTITION === "1";
  const pools = Array.from({ length: clients }, (_, client) =>
    partitioned ? devices.filter((device) => tree.childIds.indexOf(device.accountId) % clients === client) : devices,
  );
  let sequence = 0;
  const makeBatch = (tag: string) => (client: number): TelemetryEventInput[] => {
    const batch = sequence++;
    const now = Date.now();
    const pool = pools[client]!;
    return Array.from({ length: batchSize }, (_, i) => {
      const device = pool[Math.floor(Math.random() * pool.length)]!;
      return {
        eventId: `${tag}-${batch}-${i}`,
        deviceId: device.externalId,
        accountId: device.accountId,
        kind: device.kind,
        at: new Date(now - Math.floor(Math.random() * 2 * 3_600_000)).toISOString(),
      };
    });
  };

  // ── 3. HTTP ──
  const backends = async () =>
    (await sql.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows.map(
      (row) => row.pid,
    );
  const serverCpu = () => server.pids().reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  let cpuStart = { server: 0, self: process.cpuUsage(), machine: machineCpuSeconds(), postgres: new Map<number, number>() };
  // What the bench database's busy backends are doing, sampled during the measured window; and the
  // last CPU reading of every backend seen, so backends that end mid-window (a pool dropping a
  // connection after an error) still count.
  const waits = new Map<string, number>();
  const backendCpu = new Map<number, number>();
  // The fold queue (telemetry_pending), sampled each second: it must stay bounded, or the API
  // would only be fast by leaving work behind.
  const queued: number[] = [];
  let sampling = false;
  const sampler = async () => {
    let tick = 0;
    while (sampling) {
      if (tick++ % 10 === 0) queued.push(await pendingEvents());
      const { rows } = await sql.query<{ pid: number; active: boolean; wait: string }>(
        `SELECT pid, state = 'active' AS active, COALESCE(wait_event_type || ':' || wait_event, 'on CPU') AS wait FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      for (const row of rows) {
        if (row.active) waits.set(row.wait, (waits.get(row.wait) ?? 0) + 1);
        const used = processCpuSeconds(row.pid);
        if (used > 0) backendCpu.set(row.pid, used);
      }
      await sleep(100);
    }
  };
  let samplerDone: Promise<void> = Promise.resolve();
  const pendingEvents = async () => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM telemetry_pending`)).rows[0]!.n;
  /** Waits until the queue is empty; how long that took after the last batch was answered. */
  const waitForFold = async (): Promise<{ ms: number; left: number }> => {
    const started = performance.now();
    let left = await pendingEvents();
    while (left > 0 && performance.now() - started < 120_000) {
      await sleep(100);
      left = await pendingEvents();
    }
    return { ms: performance.now() - started, left };
  };
  log(`HTTP: ${clients} clients × batches of ${fmtInt(batchSize)} events, ${warmupS} s warm-up then ${durationS} s measured…`);
  const http = await runLoad({
    clients,
    warmupS,
    durationS,
    resendShare,
    makeBatch: makeBatch(`h${randomBytes(3).toString("hex")}`),
    async send(events) {
      const started = performance.now();
      try {
        const response = await fetch(endpoint, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ events }),
        });
        const text = await response.text();
        const ms = performance.now() - started;
        if (!response.ok) return { ok: false, ms, accepted: 0, duplicates: 0, error: `${response.status} ${text.slice(0, 200)}` };
        const body = JSON.parse(text) as { accepted: number; duplicates: number };
        return { ok: true, ms, accepted: body.accepted, duplicates: body.duplicates };
      } catch (error) {
        return { ok: false, ms: performance.now() - started, accepted: 0, duplicates: 0, error: error instanceof Error ? error.message : String(error) };
      }
    },
    async onMeasureStart() {
      const pids = await backends();
      cpuStart = {
        server: serverCpu(),
        self: process.cpuUsage(),
        machine: machineCpuSeconds(),
        postgres: new Map(pids.map((pid) => [pid, processCpuSeconds(pid)])),
      };
      sampling = true;
      samplerDone = sampler();
    },
  });
  sampling = false;
  await samplerDone;
  // CPU is read once the fold has caught up, so the deferred work is charged to the window.
  const httpFold = await waitForFold();
  log(`fold: queue empty ${fmtMs(httpFold.ms)} after the last answer${httpFold.left ? ` — ${fmtInt(httpFold.left)} events still queued` : ""}.`);
  for (const pid of await backends()) backendCpu.set(pid, processCpuSeconds(pid));
  const selfCpu = process.cpuUsage(cpuStart.self);
  const cpu = {
    server: serverCpu() - cpuStart.server,
    postgres: [...backendCpu].reduce((sum, [pid, used]) => sum + used - (cpuStart.postgres.get(pid) ?? 0), 0),
    client: (selfCpu.user + selfCpu.system) / 1e6,
    machine: machineCpuSeconds().busy - cpuStart.machine.busy,
  };
  const httpFigures = summarise(http);
  const failures = http.outcomes.filter((outcome) => !outcome.ok);
  let failureCause = "";
  if (failures.length) {
    const byError = new Map<string, number>();
    for (const failure of failures) byError.set(failure.error ?? "?", (byError.get(failure.error ?? "?") ?? 0) + 1);
    log(`${failures.length} batch(es) failed:`);
    for (const [error, count] of byError) console.log(`  ${count} × ${error}`);
    const serverLog = readFileSync(server.logFile, "utf8");
    const conflicts = serverLog.match(/TransactionWriteConflict/g)?.length ?? 0;
    failureCause = conflicts ? ` (${conflicts} × TransactionWriteConflict: PostgreSQL deadlock)` : "";
    console.log(`last server log lines:\n${tail(server.logFile, 12)}`);
  }

  // Idempotency: every accepted event stored and counted once; re-sent batches reported as duplicates.
  const okOutcomes = http.outcomes.filter((outcome) => outcome.ok);
  const acceptedTotal = okOutcomes.reduce((sum, outcome) => sum + outcome.accepted, 0);
  const duplicatesReported = okOutcomes.reduce((sum, outcome) => sum + outcome.duplicates, 0);
  const duplicatesSent = okOutcomes.filter((outcome) => outcome.resent).reduce((sum, outcome) => sum + outcome.events, 0);
  const stored = (
    await sql.query<{ events: number; activity: number; rows: number }>(
      `SELECT (SELECT count(*) FROM telemetry_events)::int AS events,
              (SELECT COALESCE(sum(events), 0) FROM device_daily_activity)::int AS activity,
              (SELECT count(*) FROM device_daily_activity)::int AS rows`,
    )
  ).rows[0]!;
  // A batch whose first send failed is accepted when re-sent, so with failures fewer duplicates are right.
  const checkOk =
    stored.events === acceptedTotal &&
    stored.activity === acceptedTotal &&
    (failures.length ? duplicatesReported <= duplicatesSent : duplicatesReported === duplicatesSent);
  console.log(
    `CHECK ingest: ${checkOk ? "OK" : "MISMATCH"} — ${fmtInt(acceptedTotal)} events accepted over HTTP, ${fmtInt(stored.events)} stored, ` +
      `${fmtInt(stored.activity)} counted in ${fmtInt(stored.rows)} daily-activity rows; duplicates reported ${fmtInt(duplicatesReported)} ` +
      `for ${fmtInt(duplicatesSent)} events re-sent`,
  );

  // ── 4. In-process, no HTTP ──
  const runInProcess = async () => {
    const bench = benchPrisma(database.url);
    const actor = adminActor(tree.msspId, tree.msspPath);
    const tag = `p${randomBytes(3).toString("hex")}`;
    log(`in-process: ${clients} clients calling ingestTelemetry for ${inProcessS} s…`);
    const result = await runLoad({
      clients,
      warmupS: 2,
      durationS: inProcessS,
      resendShare: 0,
      makeBatch: makeBatch(tag),
      async send(events) {
        const started = performance.now();
        try {
          // As the route does: answer once recorded, fold in the background.
          const outcome = await ingestTelemetry(bench.prisma, { actor, events, fold: false });
          void requestFold(bench.prisma);
          return { ok: true, ms: performance.now() - started, accepted: outcome.accepted, duplicates: outcome.duplicates };
        } catch (error) {
          return { ok: false, ms: performance.now() - started, accepted: 0, duplicates: 0, error: error instanceof Error ? error.message.slice(-200) : String(error) };
        }
      },
    });
    const fold = await waitForFold();
    const statements = bench.queries.filter((entry) => entry.sql.includes("INSERT INTO devices"));
    const folds = bench.queries.filter((entry) => entry.sql.includes("DELETE FROM telemetry_pending"));
    return {
      figures: summarise(result),
      statements,
      tag,
      statementMs: median(statements.map((entry) => entry.durationMs)),
      foldMs: median(folds.map((entry) => entry.durationMs)),
      folds: folds.length,
      foldDrainMs: fold.ms,
    };
  };
  const inProcess = inProcessS > 0 ? await runInProcess() : null;

  // ── 5. Hand-written: the same events into the daily-activity table, one statement ──
  await sql.query(`CREATE TABLE bench_input AS SELECT account_id, device_id, at FROM telemetry_events`);
  await sql.query(`CREATE TABLE bench_daily (LIKE device_daily_activity INCLUDING ALL)`);
  await sql.query(`ANALYZE bench_input`);
  const sqlPid = (await sql.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
  const handCpuBefore = processCpuSeconds(sqlPid);
  const { ms: handMs, result: handResult } = await timed(() =>
    sql.query(`
      INSERT INTO bench_daily AS x (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
      SELECT i.account_id, (i.at AT TIME ZONE a.billing_timezone)::date, i.device_id, min(i.at), max(i.at), count(*)::int,
             min(d.kind::text)::"DeviceKind", min(d.end_user_id::text)::uuid, false
      FROM bench_input i JOIN accounts a ON a.id = i.account_id JOIN devices d ON d.id = i.device_id
      GROUP BY 1, 2, 3
      ON CONFLICT (account_id, day, device_id) DO UPDATE
        SET first_seen_at = LEAST(x.first_seen_at, EXCLUDED.first_seen_at), last_seen_at = GREATEST(x.last_seen_at, EXCLUDED.last_seen_at),
            events = x.events + EXCLUDED.events`),
  );
  const handCpu = processCpuSeconds(sqlPid) - handCpuBefore;
  const handEvents = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench_input`)).rows[0]!.n;
  const handPerSecond = handEvents / (handMs / 1000);
  log(`hand-written INSERT … SELECT: ${fmtInt(handEvents)} events → ${fmtInt(handResult.rowCount ?? 0)} rows in ${fmtMs(handMs)}.`);

  // ── Summary ──
  const throughputMet = httpFigures.eventsPerSecond >= TARGET_EVENTS_PER_SECOND;
  const latencyMet = httpFigures.p95 < TARGET_P95_MS;
  const rows: string[][] = [
    ["figure", "value", "target", "result"],
    ["HTTP events/s (sustained)", fmtInt(httpFigures.eventsPerSecond), `≥ ${fmtInt(TARGET_EVENTS_PER_SECOND)}`, verdict(throughputMet)],
    ["HTTP accepted events/s", fmtInt(httpFigures.acceptedPerSecond), "", ""],
    ["HTTP batch latency p50", fmtMs(httpFigures.p50), "", ""],
    ["HTTP batch latency p95", fmtMs(httpFigures.p95), `< ${TARGET_P95_MS} ms`, verdict(latencyMet)],
    ["HTTP batch latency p99 / max", `${fmtMs(httpFigures.p99)} / ${fmtMs(httpFigures.max)}`, "", ""],
    ["HTTP batches ok / failed (whole run)", `${fmtInt(okOutcomes.length)} / ${fmtInt(failures.length)}${failureCause}`, "0 failed", verdict(failures.length === 0)],
    ["duplicates reported / events re-sent", `${fmtInt(duplicatesReported)} / ${fmtInt(duplicatesSent)}`, "equal", verdict(checkOk)],
    ["fold queue during the window: median / max events", `${fmtInt(median(queued))} / ${fmtInt(Math.max(0, ...queued))}`, "bounded", ""],
    ["fold queue empty after the last answer", fmtMs(httpFold.ms), "", ""],
    ["hand-written INSERT … SELECT events/s", fmtInt(handPerSecond), "", ""],
    ["ratio hand-written ÷ HTTP", fmtRatio(handPerSecond / httpFigures.eventsPerSecond), "", ""],
  ];
  if (inProcess) {
    rows.push(
      ["in-process ingestTelemetry events/s (no HTTP)", fmtInt(inProcess.figures.eventsPerSecond), "", ""],
      ["in-process call p50 / p95", `${fmtMs(inProcess.figures.p50)} / ${fmtMs(inProcess.figures.p95)}`, "", ""],
      ["in-process ingest statement, median", fmtMs(inProcess.statementMs), "", ""],
      ["in-process folds: count, median statement, queue empty after", `${fmtInt(inProcess.folds)}, ${fmtMs(inProcess.foldMs)}, ${fmtMs(inProcess.foldDrainMs)}`, "", ""],
    );
  }
  // CPU per event travels better than events/s on a shared machine: what the work costs, not what it got.
  const httpEvents = httpFigures.eventsPerSecond * http.windowS;
  const cpuPerK = { server: (cpu.server / httpEvents) * 1e6, postgres: (cpu.postgres / httpEvents) * 1e6, hand: (handCpu / handEvents) * 1e6 };
  const cores = os.cpus().length;
  rows.push(
    ["CPU ms per 1,000 events: next-server / postgres", `${cpuPerK.server.toFixed(1)} / ${cpuPerK.postgres.toFixed(1)}`, "", ""],
    ["CPU ms per 1,000 events: hand-written statement", cpuPerK.hand.toFixed(1), "", ""],
    ["ratio of CPU per event, product ÷ hand-written", fmtRatio((cpuPerK.server + cpuPerK.postgres) / cpuPerK.hand), "", ""],
    [
      `CPU-bound ceiling on ${cores} idle cores (product, est.)`,
      fmtInt((cores * 1e6) / (cpuPerK.server + cpuPerK.postgres)),
      `≥ ${fmtInt(TARGET_EVENTS_PER_SECOND)}`,
      "",
    ],
  );
  rows.push([
    "CPU s in window: next-server / postgres / client / machine",
    `${cpu.server.toFixed(1)} / ${cpu.postgres.toFixed(1)} / ${cpu.client.toFixed(1)} / ${cpu.machine.toFixed(1)}`,
    `of ${(http.windowS * 2).toFixed(0)}`,
    "",
  ]);
  printTable(
    `bench:ingest — ${clients} clients${partitioned ? " (disjoint customers)" : " (shared devices)"}, batches of ${fmtInt(batchSize)}, ` +
      `${http.windowS.toFixed(1)} s measured, pool ${poolSize}`,
    rows,
  );
  const samples = [...waits.values()].reduce((sum, count) => sum + count, 0);
  console.log(
    `busy bench-db backends during the window (${fmtInt(samples)} samples): ` +
      [...waits.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([wait, count]) => `${wait} ${((count / samples) * 100).toFixed(0)}%`)
        .join(", "),
  );
  console.log(`machine: ${machineLine()}`);

  if ((!throughputMet || !latencyMet || process.env.BENCH_EXPLAIN === "1") && inProcess?.statements.length) {
    // A typical ingest statement again, on fresh event keys so it writes as it did (rolled back).
    const sorted = [...inProcess.statements].sort((a, b) => a.durationMs - b.durationMs);
    const typical = sorted[Math.floor(sorted.length / 2)]!;
    const fresh: LoggedQuery = {
      ...typical,
      args: typical.args.map((arg) =>
        Array.isArray(arg) && typeof arg[0] === "string" && arg[0].startsWith(inProcess.tag) ? arg.map((key) => `${String(key)}-x`) : arg,
      ),
    };
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of a typical ingest statement (${fmtMs(typical.durationMs)} when timed):`);
    console.log(await explainStatement(sql, fresh));
  }
  if (!checkOk) throw new Error("Stored events do not match the accepted ones (see the CHECK line).");
});
