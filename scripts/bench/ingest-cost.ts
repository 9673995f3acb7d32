/**
 * `npm run bench:ingest-cost`: what ingestion costs PostgreSQL, split between the
 * batch's statement and the fold, without HTTP or concurrency — the figures that
 * travel on a shared machine (CPU per 1,000 events, read from /proc for the bench
 * database's backends), where bench:ingest's rates follow the load.
 *
 * 1. A throwaway database: one MSSP with 100 customers, 200 devices each (a
 *    quarter gateways), as bench:ingest; every device reports first (40 batches,
 *    folded), so the measured rounds are the steady state: known devices,
 *    device-days already there.
 * 2. Rounds: BENCH_BATCHES_PER_FOLD batches of 1,000 events through
 *    ingestTelemetry (as the route calls it, no fold), then one fold. The first
 *    two rounds warm up; the rest are measured.
 * 3. Prints PostgreSQL CPU per 1,000 events of the batches and of the folds, the
 *    Node CPU of the ingest calls, and the heap-only share of the updates of the
 *    tables the fold writes (an update that changes an indexed column writes every
 *    index of the table).
 *
 * Env: BENCH_ROUNDS (10), BENCH_BATCHES_PER_FOLD (25), BENCH_PLAN_MODES=1 (every
 * other round plans the batch's prepared statement anew — plan_cache_mode =
 * force_custom_plan — and the two are printed apart: what planning per batch
 * costs), BENCH_PRE_SQL (SQL run on the fresh database before the devices report,
 * e.g. dropping an index or a trigger to see its share), BENCH_KEEP_DB=1, DATABASE_URL.
 */
import { randomBytes } from "node:crypto";
import { plainPoolFor } from "../../src/server/db/plain-pool";
import { foldAllPendingNow } from "../../src/server/metering/fold-telemetry";
import { ingestTelemetry } from "../../src/server/metering/ingest-telemetry";
import type { TelemetryEventInput } from "../../src/server/metering/telemetry-input";
import { adminActor, createTree } from "./lib/fixtures";
import { connectSql, createBenchDatabase, envNumber, fmtInt, log, machineLine, printTable, processCpuSeconds, runBench } from "./lib/harness";
import { benchPrisma } from "./lib/prisma";

await runBench("bench:ingest-cost", async () => {
  const rounds = envNumber("BENCH_ROUNDS", 10);
  const perFold = envNumber("BENCH_BATCHES_PER_FOLD", 25);
  const planModes = process.env.BENCH_PLAN_MODES === "1";
  // One ingestion connection, so a SET reaches the connection the batches use.
  if (planModes) process.env.DATABASE_INGEST_POOL_SIZE = "1";
  log(machineLine());
  const database = await createBenchDatabase("ingestcost");
  const sql = await connectSql(database.url);
  const tree = await createTree(sql, { children: 100, createdAt: new Date(Date.now() - 90 * 86_400_000) });
  const devices = tree.childIds.flatMap((accountId, a) =>
    Array.from({ length: 200 }, (_, n) => {
      const kind = n % 4 === 0 ? ("GATEWAY" as const) : ("ENDPOINT" as const);
      return { accountId, kind, externalId: `${kind === "GATEWAY" ? "gw" : "ep"}-${a}-${n}` };
    }),
  );
  if (process.env.BENCH_PRE_SQL) await sql.query(process.env.BENCH_PRE_SQL);
  const bench = benchPrisma(database.url);
  const actor = adminActor(tree.msspId, tree.msspPath);
  const tag = randomBytes(3).toString("hex");
  let sequence = 0;
  // As bench:ingest: random devices, instants of the last two hours.
  const batch = (): TelemetryEventInput[] => {
    const number = sequence++;
    const now = Date.now();
    return Array.from({ length: 1000 }, (_, i) => {
      const device = devices[Math.floor(Math.random() * devices.length)]!;
      const at = new Date(now - Math.floor(Math.random() * 2 * 3_600_000)).toISOString();
      return { eventId: `${tag}-${number}-${i}`, deviceId: device.externalId, accountId: device.accountId, kind: device.kind, at };
    });
  };
  const postgresCpu = async () => {
    const { rows } = await sql.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
    return rows.reduce((sum, row) => sum + processCpuSeconds(row.pid), 0);
  };
  const ingest = (events: TelemetryEventInput[]) => ingestTelemetry(bench.prisma, { actor, events, fold: false });

  for (let i = 0; i < 40; i += 1) await ingest(batch());
  await foldAllPendingNow(bench.prisma);
  log(`${fmtInt(devices.length)} devices reported; ${rounds} rounds of ${perFold} batches and a fold…`);

  const pool = plainPoolFor(bench.prisma, "ingest");
  const byMode = new Map<string, { cpu: number; events: number }>();
  const total = { ingest: 0, fold: 0, node: 0, events: 0 };
  for (let round = 0; round < rounds; round += 1) {
    const mode = planModes && round % 2 === 1 ? "force_custom_plan" : "auto";
    if (planModes && pool) await pool.query(`SET plan_cache_mode = ${mode}`);
    const batches = Array.from({ length: perFold }, batch);
    const before = await postgresCpu();
    const node = process.cpuUsage();
    for (const events of batches) await ingest(events);
    const nodeUsed = process.cpuUsage(node);
    const ingested = await postgresCpu();
    await foldAllPendingNow(bench.prisma);
    const folded = await postgresCpu();
    if (round < 2) continue;
    const events = perFold * 1000;
    total.ingest += ingested - before;
    total.fold += folded - ingested;
    total.node += (nodeUsed.user + nodeUsed.system) / 1e6;
    total.events += events;
    const entry = byMode.get(mode) ?? { cpu: 0, events: 0 };
    byMode.set(mode, { cpu: entry.cpu + ingested - before, events: entry.events + events });
  }
  const perK = (seconds: number, events: number) => `${((seconds / events) * 1e6).toFixed(1)} ms`;
  const rows: string[][] = [
    ["figure", "per 1,000 events"],
    ["PostgreSQL CPU: the batches' statements", perK(total.ingest, total.events)],
    ["PostgreSQL CPU: the folds", perK(total.fold, total.events)],
    ["Node CPU of the ingest calls (this process)", perK(total.node, total.events)],
  ];
  if (planModes) {
    for (const [mode, entry] of byMode) rows.push([`PostgreSQL CPU: the batches' statements, plan_cache_mode = ${mode}`, perK(entry.cpu, entry.events)]);
  }
  printTable(`bench:ingest-cost — ${fmtInt(total.events)} events measured in ${rounds - 2} rounds`, rows);
  const { rows: tables } = await sql.query<{ relname: string; n_tup_upd: string; n_tup_hot_upd: string }>(
    `SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables
     WHERE relname IN ('devices', 'device_daily_activity', 'device_day_counts', 'month_active_devices', 'month_active_seats') ORDER BY relname`,
  );
  for (const table of tables) {
    log(`${table.relname}: ${fmtInt(Number(table.n_tup_upd))} updates, ${fmtInt(Number(table.n_tup_hot_upd))} heap-only (whole run)`);
  }
  log(machineLine());
});
