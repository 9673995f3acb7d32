/**
 * `npm run bench:telemetry-storage`: what telemetry_events (the dedupe keys of
 * ingestion) costs on disk per row, and what that makes after 30 days at
 * 100,000 devices reporting every 5 minutes (28.8 M rows a day) — without the
 * telemetry horizon (every key kept) and with it (docs/metering.md#bounded-dedupe-storage).
 *
 * The 30-day figures are a PROJECTION from a measured sample, not a 30-day run:
 * BENCH_HOURS (2) simulated hours of 100,000 devices are inserted into one
 * day's partition with set-based INSERT … SELECT generate_series, one
 * statement per 5-minute slot (the order ingestion writes them: by time, keys
 * scattered), then VACUUM ANALYZE; the partition's heap, TOAST and index bytes
 * divided by its rows give bytes per row, multiplied by the rows of 30 days and
 * of the partitions the horizon keeps. Event keys are "<device>@<instant>" (the
 * key of an event sent without eventId, as most collectors send).
 *
 * Env: BENCH_ACCOUNTS (1000), BENCH_DEVICES_PER_ACCOUNT (100), BENCH_HOURS (2),
 * BENCH_KEEP_DB=1, DATABASE_URL (server to create the throwaway database on).
 */
import { seedCatalogue } from "../../prisma/seed/catalogue";
import {
  ensureTelemetryPartitions,
  TELEMETRY_DROP_MARGIN_DAYS,
  TELEMETRY_HORIZON_DAYS,
  telemetryPartitionName,
} from "../../src/server/metering/telemetry-partitions";
import { createTree } from "./lib/fixtures";
import { connectSql, createBenchDatabase, envNumber, fmtInt, log, machineLine, printTable, runBench, timed, fmtMs } from "./lib/harness";
import { benchPrisma } from "./lib/prisma";

const DAY = "2026-06-01";
const NOW = new Date(`${DAY}T12:00:00Z`);
const EVENTS_PER_DEVICE_PER_DAY = (24 * 60) / 5;
const PROJECTED_DAYS = 30;
/**
 * Days of rows the horizon keeps at most: the horizon's 7 days, today, the drop
 * margin's day, and the day the next daily run drops (it lives until that run).
 */
const DAYS_KEPT = TELEMETRY_HORIZON_DAYS + 1 + TELEMETRY_DROP_MARGIN_DAYS + 1;

const GB = 1024 ** 3;
const fmtGb = (bytes: number) => `${(bytes / GB).toFixed(1)} GB`;

await runBench("bench:telemetry-storage", async () => {
  const accounts = envNumber("BENCH_ACCOUNTS", 1000);
  const perAccount = envNumber("BENCH_DEVICES_PER_ACCOUNT", 100);
  const hours = envNumber("BENCH_HOURS", 2);
  const devices = accounts * perAccount;
  log(machineLine());

  const database = await createBenchDatabase("telemetry_storage");
  const sql = await connectSql(database.url);
  const bench = benchPrisma(database.url);
  await seedCatalogue(bench.prisma);
  const tree = await createTree(sql, { children: accounts, createdAt: new Date("2026-01-01T00:00:00Z") });
  // The product's own partition maintenance makes the sample day's partition.
  await ensureTelemetryPartitions(bench.prisma, NOW);
  const partition = telemetryPartitionName(DAY);

  // Device n: account n % accounts, a stable uuid, an external id, and its second within each 5 minutes.
  await sql.query(
    `CREATE TEMP TABLE bench_devices AS
     SELECT n, ($1::uuid[])[1 + n % $2::int] AS account_id, md5('device:' || n)::uuid AS device_id,
            'DV-' || lpad(n::text, 7, '0') AS external_id, (n % 300) AS offset_s
     FROM generate_series(0, $3::int - 1) AS n`,
    [tree.childIds, accounts, devices],
  );
  const slots = hours * 12;
  log(`inserting ${fmtInt(devices * slots)} events (${fmtInt(devices)} devices × ${slots} five-minute slots) into ${partition}…`);
  const insert = await timed(async () => {
    for (let slot = 0; slot < slots; slot++) {
      await sql.query(
        `INSERT INTO telemetry_events (account_id, event_key, device_id, at, received_at)
         SELECT d.account_id, d.external_id || '@' || to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), d.device_id, s.at,
                s.at + interval '2 seconds'
         FROM bench_devices d
         CROSS JOIN LATERAL (SELECT $1::timestamptz + make_interval(secs => $2::int * 300 + d.offset_s) AS at) s`,
        [`${DAY}T00:00:00Z`, slot],
      );
    }
  });
  log(`inserted in ${fmtMs(insert.ms)}; VACUUM ANALYZE…`);
  await sql.query(`VACUUM ANALYZE ${partition}`);

  const { rows } = await sql.query<{ rows: string; heap: string; toast: string; indexes: string }>(
    `SELECT (SELECT count(*) FROM ${partition}) AS rows,
            pg_relation_size($1::regclass) AS heap,
            pg_total_relation_size($1::regclass) - pg_relation_size($1::regclass) - pg_indexes_size($1::regclass) AS toast,
            pg_indexes_size($1::regclass) AS indexes`,
    [partition],
  );
  const measured = rows[0]!;
  const sampleRows = Number(measured.rows);
  const heapPerRow = (Number(measured.heap) + Number(measured.toast)) / sampleRows;
  const indexPerRow = Number(measured.indexes) / sampleRows;
  const rowsPerDay = devices * EVENTS_PER_DEVICE_PER_DAY;

  printTable(`Measured sample: ${fmtInt(sampleRows)} rows (${hours} h of ${fmtInt(devices)} devices, one event per 5 min)`, [
    ["", "bytes", "bytes per row"],
    ["table (heap + TOAST)", fmtInt(Number(measured.heap) + Number(measured.toast)), heapPerRow.toFixed(1)],
    ["indexes (primary key)", fmtInt(Number(measured.indexes)), indexPerRow.toFixed(1)],
    ["total", fmtInt(Number(measured.heap) + Number(measured.toast) + Number(measured.indexes)), (heapPerRow + indexPerRow).toFixed(1)],
  ]);
  const projection = (days: number) => {
    const total = rowsPerDay * days;
    return [fmtInt(total), fmtGb(total * heapPerRow), fmtGb(total * indexPerRow), fmtGb(total * (heapPerRow + indexPerRow))];
  };
  printTable(`PROJECTED from the sample's bytes per row (${fmtInt(rowsPerDay)} rows a day), after ${PROJECTED_DAYS} days`, [
    ["", "rows", "table", "indexes", "total"],
    [`without the horizon (${PROJECTED_DAYS} days kept, growing for ever)`, ...projection(PROJECTED_DAYS)],
    [`with the ${TELEMETRY_HORIZON_DAYS}-day horizon (at most ${DAYS_KEPT} days of partitions)`, ...projection(DAYS_KEPT)],
  ]);
  await sql.end();
  await bench.prisma.$disconnect();
});
