/**
 * `npm run bench:export`: 100,000 rows through tableExportResponse, as CSV and
 * as .xlsx, with the peak RSS of the process that does it, against one
 * hand-written `COPY (SELECT …) TO STDOUT` of the same rows; then 1,000,000
 * audit events through the export-job path (docs/exports.md#export-jobs).
 *
 * Data: one customer account with 100,000 gateways active on one day — the
 * largest evidence export (Usage → evidence → export) a day can produce.
 * Each export runs in a child process of its own, so its peak RSS (getrusage
 * maxRSS, plus sampled RSS) is its alone:
 * "evidence route": openEvidence's keyset pages straight into
 * tableExportResponse — exactly what GET …/usage/evidence/export does.
 * The response body is read to the end and counted, as a client download would.
 *
 * "audit job": 1,000,000 audit events below an MSSP (100 customers) exported
 * as a job would be — the capped count that decides job vs download
 * (`LIMIT 10001`) and the first keyset page, timed as the export's first
 * byte; then runExportJob writing the whole file to disk, with its peak RSS.
 *
 * Targets: peak RSS < 300 MB; the decision and first page < 500 ms.
 *
 * Env: BENCH_ROWS (100000), BENCH_AUDIT_ROWS (1000000; 0 skips the audit job),
 * BENCH_FORMATS (csv,xlsx), BENCH_AUDIT_FORMATS (csv,xlsx), BENCH_RUNNER
 * (node | tsx), BENCH_KEEP_DB=1, DATABASE_URL.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedCatalogue } from "../../prisma/seed/catalogue";
import { ALLOW_SERVER_ONLY } from "../lib/node-flags";
import { tableExportResponse, type ExportColumn, type ExportFormat } from "../../src/server/exports/table-export";
import { createExportJob, runExportJob } from "../../src/server/exports/export-jobs";
import { iterateAuditEvents, type AuditRow } from "../../src/server/audit/list-audit-events";
import { iterateDevices } from "../../src/server/devices/list-devices";
import { auditActionLabel, fieldLabel } from "../../src/lib/labels";
import type { Actor } from "../../src/server/auth/reach";
import { countedRows, type CountedRows } from "../../src/lib/counted-rows";
import { openEvidence, type EvidenceRow } from "../../src/server/usage";
import { adminActor, createTree, QSM_SERVICE } from "./lib/fixtures";
import {
  connectSql,
  createBenchDatabase,
  envNumber,
  fmtInt,
  fmtMs,
  fmtRatio,
  log,
  machineLine,
  median,
  printTable,
  ROOT,
  runBench,
  timed,
  verdict,
} from "./lib/harness";
import { benchPrisma, explainStatement } from "./lib/prisma";

const DAY = "2025-06-02";
const TARGET_RSS_MB = 300;
const TARGET_FIRST_BYTE_MS = 500;
/** The direct-download threshold (export-config.ts): the decision counts up to one more. */
const CAP = 10_001;

/** The columns of GET …/usage/evidence/export (copied: route modules cannot be imported outside Next). */
const COLUMNS: ExportColumn<EvidenceRow>[] = [
  { header: "Device id", type: "text", value: (row) => row.externalId ?? row.deviceId, width: 28 },
  { header: "Kind", type: "text", value: (row) => row.kind },
  { header: "First seen (UTC)", type: "date-time", value: (row) => row.firstSeenAt, width: 20 },
  { header: "Last seen (UTC)", type: "date-time", value: (row) => row.lastSeenAt, width: 20 },
  { header: "Events", type: "integer", value: (row) => row.events },
  { header: "On PAYG", type: "text", value: (row) => (row.payg ? "yes" : "no") },
  { header: "Paired user", type: "text", value: (row) => row.endUser },
];

/** The columns of GET …/audit/export (copied, as above). */
const AUDIT_COLUMNS: ExportColumn<AuditRow>[] = [
  { header: "When (UTC)", type: "date-time", value: (row) => row.createdAt, width: 20 },
  { header: "Account", type: "text", value: (row) => row.accountName, width: 28 },
  { header: "Account ID", type: "text", value: (row) => row.accountId, width: 38 },
  { header: "Actor", type: "text", value: (row) => row.actorLabel, width: 32 },
  { header: "Action", type: "text", value: (row) => auditActionLabel(row.action), width: 30 },
  { header: "Object type", type: "text", value: (row) => fieldLabel(row.objectType) },
  { header: "Object ID", type: "text", value: (row) => row.objectId, width: 38 },
  { header: "Before", type: "text", value: (row) => (row.before ? JSON.stringify(row.before) : ""), width: 40 },
  { header: "After", type: "text", value: (row) => (row.after ? JSON.stringify(row.after) : ""), width: 40 },
];

interface ChildArgs {
  kind?: "evidence" | "audit-job";
  url: string;
  format: ExportFormat;
  accountId: string;
  accountPath: string;
  serviceId: string;
  /** audit-job: the signed-in user the job belongs to, and the directory its file goes to. */
  userId?: string;
  exportDir?: string;
}

interface AuditJobResult extends ChildResult {
  status: string;
  /** Peak of V8's heap in use (sampled): what the export holds, apart from garbage not yet collected. */
  heapPeakMb: number;
  /** RSS and heap every 10 % of the rows, to see growth. */
  trace: string[];
}

/**
 * The first byte of an export: what exportRoute does before it answers — the
 * count up to the cap that decides job vs download, and the first keyset page
 * (read before a download starts). Median of `repeat` after one warm-up, as a
 * running server has its queries prepared.
 */
async function firstByte(rows: () => CountedRows<unknown>, repeat = 5): Promise<{ capped: number; decideMs: number; firstPageMs: number }> {
  const decide: number[] = [];
  const first: number[] = [];
  let capped = 0;
  for (let run = 0; run <= repeat; run++) {
    const source = rows();
    let started = performance.now();
    capped = await source.count(CAP);
    const decideMs = performance.now() - started;
    started = performance.now();
    const iterator = source[Symbol.asyncIterator]();
    await iterator.next();
    const firstPageMs = performance.now() - started;
    await iterator.return?.();
    if (run > 0) {
      decide.push(decideMs);
      first.push(firstPageMs);
    }
  }
  return { capped, decideMs: median(decide), firstPageMs: median(first) };
}

interface ChildResult {
  rows: number;
  bytes: number;
  /** Body chunks that were JS strings rather than bytes (a fetch Response body should carry Uint8Array). */
  stringChunks: number;
  ms: number;
  baselineRssMb: number;
  peakRssMb: number;
  maxRssMb: number;
}

const MB = 1024 * 1024;

/** In the child: one export, read to the end, measured. */
async function runChild(args: ChildArgs): Promise<ChildResult> {
  const bench = benchPrisma(args.url);
  await bench.prisma.$queryRaw`SELECT 1`;
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  let rows = 0;
  const actor = adminActor(args.accountId, args.accountPath);

  async function* source(): AsyncGenerator<EvidenceRow> {
    const evidence = await openEvidence(bench.prisma, { actor, accountId: args.accountId, serviceId: args.serviceId, day: DAY });
    for await (const row of evidence.rows) {
      rows++;
      yield row;
    }
  }

  const response = await tableExportResponse({ format: args.format, filename: "evidence", sheetName: "Evidence", columns: COLUMNS, rows: source() });
  let bytes = 0;
  let stringChunks = 0;
  const reader = (response.body as ReadableStream<Uint8Array | string>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (typeof value === "string") {
      stringChunks++;
      bytes += Buffer.byteLength(value);
    } else {
      bytes += value.byteLength;
    }
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await bench.prisma.$disconnect();
  return {
    rows,
    bytes,
    stringChunks,
    ms,
    baselineRssMb: baseline / MB,
    peakRssMb: peak / MB,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** In the child: 1,000,000 audit events as an export job, written to disk, measured. */
async function runAuditJobChild(args: ChildArgs): Promise<AuditJobResult> {
  process.env.EXPORT_DIR = args.exportDir;
  const bench = benchPrisma(args.url);
  const prisma = bench.prisma;
  await prisma.$queryRaw`SELECT 1`;
  const actor: Actor = { userId: args.userId!, email: "bench@example.test", name: "Bench", grants: [{ accountId: args.accountId, accountPath: args.accountPath, role: "ADMIN" }] };
  const batchSize = process.env.BENCH_AUDIT_BATCH ? Number(process.env.BENCH_AUDIT_BATCH) : undefined;
  const audit = () => iterateAuditEvents(prisma, { actor, accountId: args.accountId, filters: { includeChildren: true }, batchSize });
  await audit().count(CAP); // a running server has its client warm

  const job = await createExportJob(prisma, {
    actor,
    account: { id: args.accountId },
    list: "audit-log",
    exportPath: `/a/${args.accountId}/audit/export`,
    params: { format: args.format },
    format: args.format,
    fileName: `audit-log.${args.format}`,
  });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let heapPeak = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    heapPeak = Math.max(heapPeak, usage.heapUsed);
  }, 10);
  const trace: string[] = [];
  let pulled = 0;
  async function* traced() {
    for await (const row of audit()) {
      if (++pulled % 100_000 === 0) {
        const usage = process.memoryUsage();
        trace.push(`${pulled / 1000}k: rss ${(usage.rss / MB).toFixed(0)} heap ${(usage.heapUsed / MB).toFixed(0)} ext ${(usage.external / MB).toFixed(0)} ab ${(usage.arrayBuffers / MB).toFixed(0)}`);
      }
      yield row;
    }
  }
  const started = performance.now();
  const outcome = await runExportJob(prisma, {
    jobId: job.id,
    open: async () => ({ format: args.format, filename: "audit-log", sheetName: "Audit log", columns: AUDIT_COLUMNS, rows: countedRows(traced(), (cap) => audit().count(cap)) }),
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const done = await prisma.exportJob.findUniqueOrThrow({ where: { id: job.id } });
  await prisma.$disconnect();
  return {
    rows: done.rowsWritten,
    bytes: Number(done.bytes ?? 0),
    stringChunks: 0,
    ms,
    baselineRssMb: baseline / MB,
    peakRssMb: peak / MB,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    status: `${outcome} (${done.status})`,
    heapPeakMb: heapPeak / MB,
    trace,
  };
}

/**
 * The child runs as plain `node` on this file bundled by esbuild (our sources
 * in, packages left to node_modules), as `next start` runs compiled code:
 * tsx's loader adds ~100 MB of RSS before the first row that a server does
 * not have. BENCH_RUNNER=tsx runs the child under tsx instead, for comparison.
 * Either way `server-only` stays external in the bundle and is resolved at run
 * time through ALLOW_SERVER_ONLY, like every script that runs domain code.
 */
const RUNNER = process.env.BENCH_RUNNER === "tsx" ? "tsx" : "node";
const BUNDLE = path.join(import.meta.dirname, ".build", "export.mjs");

function bundleChild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const esbuild = spawn(
      path.join(ROOT, "node_modules", ".bin", "esbuild"),
      [path.join(import.meta.dirname, "export.ts"), "--bundle", "--platform=node", "--format=esm", "--packages=external", `--outfile=${BUNDLE}`, "--log-level=warning"],
      { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
    );
    esbuild.on("error", reject);
    esbuild.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`esbuild failed with code ${code}.`));
      // `next` has no exports map: plain node's ESM resolver needs the file's extension
      // (src/server/db/request-query-count.ts imports next/server and next/dist/…).
      readFile(BUNDLE, "utf8")
        .then((code) => writeFile(BUNDLE, code.replace(/from "(next\/[^"]+?)(?<!\.js)"/g, 'from "$1.js"')))
        .then(resolve, reject);
    });
  });
}

function spawnChild<Result = ChildResult>(args: ChildArgs): Promise<Result> {
  return new Promise((resolve, reject) => {
    const [command, script] =
      RUNNER === "tsx" ? [path.join(ROOT, "node_modules", ".bin", "tsx"), path.join(import.meta.dirname, "export.ts")] : [process.execPath, BUNDLE];
    const child = spawn(command, [...ALLOW_SERVER_ONLY, script, "--child", JSON.stringify(args)], {
      cwd: ROOT,
      // --expose-gc: the baseline is taken after a full collection.
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc`.trim() },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = output.split("\n").find((entry) => entry.startsWith("RESULT "));
      if (code !== 0 || !line) reject(new Error(`export child (${args.format}) failed with code ${code}: ${output.slice(-500)}`));
      else resolve(JSON.parse(line.slice("RESULT ".length)) as Result);
    });
  });
}

/** The same rows and columns by COPY through psql, to /dev/null: the database's floor for a CSV of them. */
function copyWithPsql(url: string, accountId: string): Promise<{ ms: number; bytes: number }> {
  const query = `COPY (SELECT COALESCE(dv.external_id, act.device_id::text) AS "Device id", act.kind AS "Kind", act.first_seen_at AS "First seen (UTC)",
                        act.last_seen_at AS "Last seen (UTC)", act.events AS "Events", CASE WHEN act.payg THEN 'yes' ELSE 'no' END AS "On PAYG",
                        COALESCE(eu.name, eu.external_id, '') AS "Paired user"
                 FROM device_daily_activity act LEFT JOIN devices dv ON dv.id = act.device_id LEFT JOIN end_users eu ON eu.id = act.end_user_id
                 WHERE act.account_id = '${accountId}' AND act.day = '${DAY}' ORDER BY dv.external_id NULLS LAST, act.device_id)
                 TO STDOUT (FORMAT csv, HEADER)`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("psql", [url, "-X", "-q", "-c", query.replace(/\s+/g, " ")], { stdio: ["ignore", "pipe", "inherit"] });
    let bytes = 0;
    child.stdout.on("data", (chunk: Buffer) => (bytes += chunk.byteLength));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve({ ms: performance.now() - started, bytes }) : reject(new Error(`psql COPY failed (${code}).`))));
  });
}

if (process.argv[2] === "--child") {
  try {
    const args = JSON.parse(process.argv[3]!) as ChildArgs;
    const result = args.kind === "audit-job" ? await runAuditJobChild(args) : await runChild(args);
    console.log(`RESULT ${JSON.stringify(result)}`);
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}

await runBench("bench:export", async () => {
  const rowCount = envNumber("BENCH_ROWS", 100_000);
  const formats = (process.env.BENCH_FORMATS ?? "csv,xlsx").split(",").map((format) => format.trim()) as ExportFormat[];
  log(machineLine());
  const database = await createBenchDatabase("export");
  const sql = await connectSql(database.url);
  const bench = benchPrisma(database.url);
  await seedCatalogue(bench.prisma);
  const tree = await createTree(sql, { children: 1, createdAt: new Date("2025-01-01T00:00:00Z") });
  const accountId = tree.childIds[0]!;
  const { rows: accountRows } = await sql.query<{ path: string }>(`SELECT path FROM accounts WHERE id = $1`, [accountId]);
  const { rows: serviceRows } = await sql.query<{ id: string }>(`SELECT id FROM services WHERE code = $1`, [QSM_SERVICE]);
  const { ms: loadMs } = await timed(async () => {
    await sql.query(
      `INSERT INTO devices (id, account_id, external_id, kind, registered_by, first_seen_at, last_seen_at)
       SELECT md5($1::text || ':' || n)::uuid, $1::uuid, 'QS-' || lpad(n::text, 7, '0'), 'GATEWAY', 'telemetry', $2::date, $2::date
       FROM generate_series(1, $3::int) AS n`,
      [accountId, DAY, rowCount],
    );
    await sql.query(
      `INSERT INTO device_daily_activity (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, payg)
       SELECT $1::uuid, $2::date, md5($1::text || ':' || n)::uuid, $2::date + interval '7 hours' + n * interval '100 ms',
              $2::date + interval '19 hours' - n * interval '100 ms', 1 + n % 50, 'GATEWAY', n % 3 <> 0
       FROM generate_series(1, $3::int) AS n`,
      [accountId, DAY, rowCount],
    );
    await sql.query("ANALYZE");
  });
  log(`${fmtInt(rowCount)} devices active on ${DAY} in one account, written in ${fmtMs(loadMs)}.`);

  if (RUNNER === "node") await bundleChild();
  log(`export children run under ${RUNNER === "node" ? "plain node (esbuild bundle)" : "tsx"}.`);
  const copy = await copyWithPsql(database.url, accountId);
  log(`hand-written COPY … TO STDOUT (csv): ${fmtInt(copy.bytes)} bytes in ${fmtMs(copy.ms)}.`);

  const table: string[][] = [["export", "rows", "bytes", "time", "vs COPY csv", "RSS before", "peak RSS", "growth", "target", "result"]];
  let allMet = true;
  const stringBodies: string[] = [];
  for (const format of formats) {
    const result = await spawnChild({ url: database.url, format, accountId, accountPath: accountRows[0]!.path, serviceId: serviceRows[0]!.id });
    const peak = Math.max(result.peakRssMb, result.maxRssMb);
    const met = peak < TARGET_RSS_MB && result.rows === rowCount;
    allMet &&= met;
    log(`evidence ${format}: ${fmtInt(result.rows)} rows, ${fmtInt(result.bytes)} bytes in ${fmtMs(result.ms)}, RSS ${result.baselineRssMb.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB.`);
    if (result.stringChunks) stringBodies.push(`${format} (${fmtInt(result.stringChunks)} string chunks)`);
    table.push([
      `evidence route ${format}`,
      fmtInt(result.rows),
      fmtInt(result.bytes),
      fmtMs(result.ms),
      fmtRatio(result.ms / copy.ms),
      `${result.baselineRssMb.toFixed(0)} MB`,
      `${peak.toFixed(0)} MB`,
      `+${(peak - result.baselineRssMb).toFixed(0)} MB`,
      `< ${TARGET_RSS_MB} MB`,
      verdict(met),
    ]);
  }
  table.push(["hand-written COPY … TO STDOUT csv (psql)", fmtInt(rowCount), fmtInt(copy.bytes), fmtMs(copy.ms), "1.00×", "—", "—", "—", "", ""]);
  printTable(`bench:export — ${fmtInt(rowCount)} rows; each export in its own ${RUNNER} process (RSS = that process)`, table);
  console.log(`machine: ${machineLine()}`);
  if (stringBodies.length) {
    console.log(
      `WARNING: the response body carried JS strings, not bytes, for: ${stringBodies.join(", ")}. ` +
        `A standard consumer (Response.text()/arrayBuffer(), undici) rejects that with "TypeError: Received non-Uint8Array chunk".`,
    );
  }
  if (!allMet) log("target missed: see the peak RSS of the evidence-route rows.");

  const auditRows = envNumber("BENCH_AUDIT_ROWS", 1_000_000);
  if (auditRows > 0) {
    const auditFormats = (process.env.BENCH_AUDIT_FORMATS ?? "csv,xlsx").split(",").map((format) => format.trim()).filter(Boolean) as ExportFormat[];
    const auditTree = await createTree(sql, { children: 100, createdAt: new Date("2025-01-01T00:00:00Z") });
    const { rows: userRows } = await sql.query<{ id: string }>(
      `INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES (gen_random_uuid(), 'bench-export@example.test', 'Bench', '-', now(), now()) RETURNING id`,
    );
    // 100,000 devices below the MSSP too: the devices list's first byte at that size.
    const { ms: auditLoadMs } = await timed(async () => {
      await sql.query(
        `INSERT INTO audit_events (account_id, actor_user_id, actor_label, action, object_type, object_id, before, after, created_at)
         SELECT c.ids[1 + n % array_length(c.ids, 1)], NULL, 'admin' || (n % 50) || '@bench.example', (ARRAY['contract.created','device.paired','user.invited','account.updated'])[1 + n % 4],
                (ARRAY['contract','device','user','account'])[1 + n % 4], md5(n::text),
                CASE WHEN n % 3 = 0 THEN jsonb_build_object('status', 'ACTIVE', 'quantity', n % 500) END,
                jsonb_build_object('status', CASE WHEN n % 2 = 0 THEN 'ACTIVE' ELSE 'EXPIRED' END, 'quantity', n % 700, 'note', 'bench row ' || n),
                timestamptz '2025-01-01' + n * interval '20 seconds'
         FROM generate_series(1, $2::int) AS n, (SELECT array_agg(id) AS ids FROM accounts WHERE path LIKE $1 || '%') c`,
        [auditTree.msspPath, auditRows],
      );
      await sql.query(
        `INSERT INTO devices (id, account_id, external_id, kind, registered_by, first_seen_at, last_seen_at)
         SELECT gen_random_uuid(), ($1::uuid[])[1 + n % 100], 'DV-' || lpad(n::text, 7, '0'), 'ENDPOINT', 'telemetry', $2::date, $2::date
         FROM generate_series(1, 100000) AS n`,
        [auditTree.childIds, DAY],
      );
      await sql.query("ANALYZE");
    });
    log(`${fmtInt(auditRows)} audit events and 100,000 devices below one MSSP (100 customers), written in ${fmtMs(auditLoadMs)}.`);
    const msspActor: Actor = { ...adminActor(auditTree.msspId, auditTree.msspPath), userId: userRows[0]!.id };
    const auditFirst = await firstByte(() => iterateAuditEvents(bench.prisma, { actor: msspActor, accountId: auditTree.msspId, filters: { includeChildren: true } }));
    const devicesFirst = await firstByte(() => iterateDevices(bench.prisma, { actor: msspActor, accountId: auditTree.msspId, filters: { sort: "externalId", dir: "asc" } }));
    const firstByteTable: string[][] = [["export (MSSP, 100 customers)", "count ≤ 10,001", "first page", "first byte", "target", "result"]];
    let firstMet = true;
    for (const [label, figures] of [[`audit log (${fmtInt(auditRows)} events)`, auditFirst], ["devices (100,000)", devicesFirst]] as const) {
      const total = figures.decideMs + figures.firstPageMs;
      firstMet &&= total < TARGET_FIRST_BYTE_MS;
      firstByteTable.push([label, `${fmtMs(figures.decideMs)} (${fmtInt(figures.capped)})`, fmtMs(figures.firstPageMs), fmtMs(total), `< ${TARGET_FIRST_BYTE_MS} ms`, verdict(total < TARGET_FIRST_BYTE_MS)]);
    }
    printTable("bench:export — an export's first byte: the capped count that decides job vs download, then the first keyset page (median of 5)", firstByteTable);
    if (process.env.BENCH_EXPLAIN === "1" || !firstMet) {
      bench.reset();
      await firstByte(() => iterateAuditEvents(bench.prisma, { actor: msspActor, accountId: auditTree.msspId, filters: { includeChildren: true } }), 1);
      for (const entry of bench.queries.filter((query) => /audit_events/.test(query.sql)).slice(-2)) console.log(await explainStatement(sql, entry));
      bench.reset();
      await firstByte(() => iterateDevices(bench.prisma, { actor: msspActor, accountId: auditTree.msspId, filters: { sort: "externalId", dir: "asc" } }), 0);
      for (const entry of bench.queries) console.log(`-- ${entry.durationMs.toFixed(1)} ms: ${entry.sql.slice(0, 160)}`);
      for (const entry of bench.queries.filter((query) => /"devices"/.test(query.sql))) console.log(await explainStatement(sql, entry));
    }
    const exportDir = await mkdtemp(path.join(tmpdir(), "bench-export-jobs-"));
    const jobTable: string[][] = [["export", "rows", "bytes", "time", "RSS before", "peak RSS", "growth", "target", "result"]];
    let jobsMet = true;
    try {
      for (const format of auditFormats) {
        const result = await spawnChild<AuditJobResult>({
          kind: "audit-job",
          url: database.url,
          format,
          accountId: auditTree.msspId,
          accountPath: auditTree.msspPath,
          serviceId: "",
          userId: userRows[0]!.id,
          exportDir,
        });
        const peak = Math.max(result.peakRssMb, result.maxRssMb);
        const met = peak < TARGET_RSS_MB && result.rows === auditRows;
        jobsMet &&= met;
        log(
          `audit job ${format}: ${result.status}, ${fmtInt(result.rows)} rows, ${fmtInt(result.bytes)} bytes in ${fmtMs(result.ms)}; RSS ${result.baselineRssMb.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB; heap peak ${result.heapPeakMb.toFixed(0)} MB.`,
        );
        if (process.env.BENCH_TRACE === "1") for (const line of result.trace) log(`  ${line}`);
        jobTable.push([
          `audit log job ${format}`,
          fmtInt(result.rows),
          fmtInt(result.bytes),
          fmtMs(result.ms),
          `${result.baselineRssMb.toFixed(0)} MB`,
          `${peak.toFixed(0)} MB`,
          `+${(peak - result.baselineRssMb).toFixed(0)} MB`,
          `< ${TARGET_RSS_MB} MB`,
          verdict(met),
        ]);
      }
    } finally {
      await rm(exportDir, { recursive: true, force: true });
    }
    printTable(`bench:export — export jobs, ${fmtInt(auditRows)} audit events; each in its own ${RUNNER} process`, jobTable);
    if (!jobsMet || !firstMet) log("target missed: see the export-job and first-byte rows.");
  }
});
