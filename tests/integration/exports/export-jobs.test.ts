import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The routes are called as the browser calls them; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { GET as devicesExport } from "@/app/(portal)/a/[accountId]/devices/export/route";
import { GET as auditExport } from "@/app/(portal)/a/[accountId]/audit/export/route";
import { GET as jobDownload } from "@/app/(portal)/a/[accountId]/exports/[jobId]/download/route";
import { GET as jobStatus } from "@/app/(portal)/a/[accountId]/exports/[jobId]/status/route";
import { countedRows } from "@/lib/counted-rows";
import { iterateAuditEvents } from "@/server/audit/list-audit-events";
import { db } from "@/server/db";
import { EXPORT_FILE_LIFETIME_MS, EXPORT_STALE_AFTER_MS, exportDirectory } from "@/server/exports/export-config";
import {
  claimExportJob,
  createExportJob,
  exportJobRetryUrl,
  failStaleExportJobs,
  listExportJobs,
  removeExpiredExportJobs,
  runExportJob,
  type ExportJobStatus,
} from "@/server/exports/export-jobs";
import type { TableExportOptions } from "@/server/exports/table-export";
import { makeActor, makeTenant } from "../../support/factories";

const THRESHOLD = 10;
const DEVICES = 25;
let directory: string;
const saved = { threshold: process.env.EXPORT_JOB_THRESHOLD, dir: process.env.EXPORT_DIR };

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "export-jobs-"));
  process.env.EXPORT_DIR = directory;
  process.env.EXPORT_JOB_THRESHOLD = String(THRESHOLD);
});

afterAll(async () => {
  process.env.EXPORT_JOB_THRESHOLD = saved.threshold;
  process.env.EXPORT_DIR = saved.dir;
  await rm(directory, { recursive: true, force: true });
});

type ExportRoute = typeof devicesExport;
type JobRoute = typeof jobStatus;

const callExport = (route: ExportRoute, accountId: string, query: string) =>
  route(new Request(`http://portal.test/a/${accountId}/devices/export?${query}`), { params: Promise.resolve({ accountId }) });
const callJob = (route: JobRoute, accountId: string, jobId: string) =>
  route(new Request(`http://portal.test/a/${accountId}/exports/${jobId}`), { params: Promise.resolve({ accountId, jobId }) });

async function addDevices(accountId: string, count: number): Promise<void> {
  await db.$executeRaw`
    INSERT INTO devices (id, account_id, external_id, kind, registered_by, first_seen_at, last_seen_at)
    SELECT gen_random_uuid(), ${accountId}::uuid, 'EXP-' || lpad(n::text, 4, '0'), 'ENDPOINT', 'telemetry',
           timestamptz '2028-05-01 08:00Z' + n * interval '1 minute', timestamptz '2028-05-02 08:00Z' + n * interval '1 minute'
    FROM generate_series(1, ${count}::int) AS n`;
}

/** Asks for the export over the threshold: the answer sends the browser to the job's page. */
async function exportAsJob(route: ExportRoute, accountId: string, query: string): Promise<string> {
  const response = await callExport(route, accountId, query);
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location")!, "http://portal.test");
  const match = new RegExp(`^/a/${accountId}/exports/([0-9a-f-]{36})$`).exec(location.pathname);
  expect(match, location.pathname).not.toBeNull();
  return match![1]!;
}

async function xlsxCells(bytes: ArrayBuffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("exports over the threshold run as jobs (docs/exports.md#export-jobs)", () => {
  it("a small export downloads at once; a large one becomes a job whose file holds the same bytes as the direct download", async () => {
    const t = await makeTenant("export-job");
    signedIn = t.msspAdmin.actor;
    await addDevices(t.customer.id, THRESHOLD);

    // At the threshold: still a direct download.
    const small = await callExport(devicesExport, t.mssp.id, "format=csv");
    expect(small.status).toBe(200);
    expect(small.headers.get("content-disposition")).toMatch(/attachment/);
    expect((await small.text()).trim().split("\n")).toHaveLength(THRESHOLD + 1);

    await addDevices(t.grandCustomer.id, DEVICES - THRESHOLD);
    const jobId = await exportAsJob(devicesExport, t.mssp.id, "format=csv&kind=ENDPOINT");
    // Outside Next the job runs before the answer (after-response.ts): it is done.
    const status = (await (await callJob(jobStatus, t.mssp.id, jobId)).json()) as ExportJobStatus;
    expect(status).toMatchObject({ status: "DONE", label: "Ready to download", rowsWritten: DEVICES, totalEstimate: DEVICES, percent: 100 });
    const download = await callJob(jobDownload, t.mssp.id, jobId);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="devices-.*\.csv"$/);
    const fromJob = new Uint8Array(await download.arrayBuffer());

    // The same export, direct: the same bytes.
    process.env.EXPORT_JOB_THRESHOLD = "1000000";
    try {
      const direct = await callExport(devicesExport, t.mssp.id, "format=csv&kind=ENDPOINT");
      expect(direct.status).toBe(200);
      const directBytes = new Uint8Array(await direct.arrayBuffer());
      expect(fromJob.byteLength).toBe(directBytes.byteLength);
      expect(Buffer.from(fromJob).equals(Buffer.from(directBytes))).toBe(true);
      expect(Number(download.headers.get("content-length"))).toBe(directBytes.byteLength);

      // Excel: a zip carries its own timestamps, so the cells are compared.
      const xlsxJob = await exportAsJobWithThreshold(t.mssp.id);
      const xlsxDirect = await callExport(devicesExport, t.mssp.id, "format=xlsx");
      const jobCells = await xlsxCells(await (await callJob(jobDownload, t.mssp.id, xlsxJob)).arrayBuffer());
      expect(jobCells).toHaveLength(DEVICES + 1);
      expect(jobCells).toEqual(await xlsxCells(await xlsxDirect.arrayBuffer()));
    } finally {
      process.env.EXPORT_JOB_THRESHOLD = String(THRESHOLD);
    }

    // The job is listed for whoever asked, and offers the same export again.
    const jobs = await listExportJobs(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id });
    const job = jobs.find((entry) => entry.id === jobId)!;
    expect(job).toMatchObject({ status: "DONE", list: "devices", format: "csv" });
    const retry = new URL(exportJobRetryUrl(job), "http://portal.test");
    expect(retry.pathname).toBe(`/a/${t.mssp.id}/devices/export`);
    expect(Object.fromEntries(retry.searchParams)).toEqual({ format: "csv", kind: "ENDPOINT" });

    async function exportAsJobWithThreshold(accountId: string): Promise<string> {
      process.env.EXPORT_JOB_THRESHOLD = String(THRESHOLD);
      try {
        return await exportAsJob(devicesExport, accountId, "format=xlsx");
      } finally {
        process.env.EXPORT_JOB_THRESHOLD = "1000000";
      }
    }
  });

  it("the audit log over the threshold is a job too, with its filters kept", async () => {
    const t = await makeTenant("export-job-audit");
    signedIn = t.msspAdmin.actor;
    await db.$executeRaw`
      INSERT INTO audit_events (account_id, actor_label, action, object_type, object_id, created_at)
      SELECT ${t.customer.id}::uuid, 'tester', 'test.exported', 'device', n::text, timestamptz '2028-05-03 10:00Z' + n * interval '1 second'
      FROM generate_series(1, 30) AS n`;
    const jobId = await exportAsJob(auditExport, t.mssp.id, "format=csv&from=2028-05-01&to=2028-05-31");
    const body = await (await callJob(jobDownload, t.mssp.id, jobId)).text();
    expect(body.trim().split("\n")).toHaveLength(31);
    expect(body).toContain("Test exported");
  });

  it("the audit log's job file holds the same bytes as its direct download: reach, filters and values (docs/exports.md#export-memory)", async () => {
    const t = await makeTenant("export-job-audit-bytes");
    const other = await makeTenant("export-job-audit-other");
    signedIn = t.msspAdmin.actor;
    // Events below the MSSP (two levels), JSON before/after with nesting and nulls, one instant
    // shared by several events, text needing escapes; and events of another tenant, never exported.
    for (const accountId of [t.customer.id, t.grandCustomer.id, t.mssp.id, other.customer.id]) {
      await db.$executeRaw`
        INSERT INTO audit_events (account_id, actor_label, action, object_type, object_id, before, after, created_at)
        SELECT ${accountId}::uuid, CASE WHEN n % 3 = 0 THEN 'Ann "100%" O''Neil' ELSE 'system' END,
               CASE WHEN n % 2 = 0 THEN 'device.renamed' ELSE 'contract.updated' END, 'device', 'obj-' || n,
               CASE WHEN n % 4 = 0 THEN NULL ELSE jsonb_build_object('name', 'Old, "quoted"' || n, 'nested', jsonb_build_object('b', 1, 'a', NULL)) END,
               CASE WHEN n % 5 = 0 THEN NULL ELSE jsonb_build_object('name', E'New\nline ' || n, 'list', jsonb_build_array(1, 'x', true)) END,
               timestamptz '2028-06-03 10:00:00.123Z' + (n / 3) * interval '1 second'
        FROM generate_series(1, 12) AS n`;
    }
    for (const query of ["format=csv", "format=csv&actor=100%25&action=device.", "format=csv&from=2028-06-03&to=2028-06-03"]) {
      process.env.EXPORT_JOB_THRESHOLD = "1";
      const jobId = await exportAsJob(auditExport, t.mssp.id, query);
      const fromJob = Buffer.from(await (await callJob(jobDownload, t.mssp.id, jobId)).arrayBuffer());
      process.env.EXPORT_JOB_THRESHOLD = "1000000";
      try {
        const direct = Buffer.from(await (await callExport(auditExport, t.mssp.id, query)).arrayBuffer());
        expect(fromJob.equals(direct), query).toBe(true);
      } finally {
        process.env.EXPORT_JOB_THRESHOLD = String(THRESHOLD);
      }
      expect(fromJob.toString()).not.toContain(other.customer.id);
    }
    // The plain-pg read gives exactly the rows and values Prisma's read gives (a client without
    // the remembered connection string reads through Prisma, as on PGlite).
    const throughPrisma = new Proxy(db, { get: (target, property) => (typeof property === "symbol" ? undefined : Reflect.get(target, property)) });
    for (const filters of [{ includeChildren: true }, { includeChildren: true, actor: "100%", action: "device." }, { includeChildren: false, objectType: "device", from: "2028-06-03", to: "2028-06-03" }]) {
      const read = async (client: typeof db) => {
        const rows: unknown[] = [];
        for await (const row of iterateAuditEvents(client, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters, batchSize: 5 })) rows.push(row);
        return rows;
      };
      const [viaPg, viaPrisma] = [await read(db), await read(throughPrisma)];
      expect(viaPg.length, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(viaPg).toEqual(viaPrisma);
    }
    // The whole log: the three accounts' 36 events, newest first, values as stored.
    const all = await exportAsJob(auditExport, t.mssp.id, "format=csv");
    const text = await (await callJob(jobDownload, t.mssp.id, all)).text();
    expect(text.trim().split("\n").filter((line) => /^2028-/.test(line))).toHaveLength(36);
    expect(text).toContain('Ann ""100%"" O\'Neil');
    expect(text).toContain("New\\nline");
    // Filtered by a typed actor with LIKE metacharacters: only Ann's renames (n = 6, 12 in each account).
    process.env.EXPORT_JOB_THRESHOLD = "1";
    const filtered = await exportAsJob(auditExport, t.mssp.id, "format=csv&actor=100%25&action=device.");
    process.env.EXPORT_JOB_THRESHOLD = String(THRESHOLD);
    const filteredText = await (await callJob(jobDownload, t.mssp.id, filtered)).text();
    expect(filteredText.trim().split("\n").slice(1).map((line) => line.split(",")[0])).toHaveLength(6);
  });

  it("a queued job is claimed once, even by two claimers at the same moment", async () => {
    const t = await makeTenant("export-job-claim");
    const job = await createExportJob(db, {
      actor: t.msspAdmin.actor,
      account: t.mssp,
      list: "devices",
      exportPath: `/a/${t.mssp.id}/devices/export`,
      params: { format: "csv" },
      format: "csv",
      fileName: "devices.csv",
    });
    const claims = await Promise.all([claimExportJob(db, { jobId: job.id }), claimExportJob(db, { jobId: job.id })]);
    expect(claims.filter((claim) => claim === job.id)).toHaveLength(1);
    expect(claims.filter((claim) => claim === null)).toHaveLength(1);
    expect(await claimExportJob(db, { jobId: job.id })).toBeNull();
    expect((await db.exportJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("RUNNING");

    // Two runners of one queued job: one writes the file, the other finds it taken.
    const second = await createExportJob(db, { actor: t.msspAdmin.actor, account: t.mssp, list: "devices", exportPath: "/x", params: {}, format: "csv", fileName: "d.csv" });
    const opened = vi.fn(async () => table(rowsOf(5)));
    const outcomes = await Promise.all([runExportJob(db, { jobId: second.id, open: opened }), runExportJob(db, { jobId: second.id, open: opened })]);
    expect(outcomes.sort()).toEqual(["done", "taken"]);
    expect(opened).toHaveBeenCalledTimes(1);
  });

  it("progress is written while the file is written: rows written of the counted total", async () => {
    const t = await makeTenant("export-job-progress");
    const job = await createExportJob(db, { actor: t.msspAdmin.actor, account: t.mssp, list: "devices", exportPath: "/x", params: {}, format: "xlsx", fileName: "d.xlsx" });
    const seen: { status: string; rowsWritten: number; totalEstimate: number | null }[] = [];
    async function* rows() {
      for (let n = 1; n <= 1200; n++) {
        if (n === 800) seen.push(await db.exportJob.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, rowsWritten: true, totalEstimate: true } }));
        yield { n };
      }
    }
    const outcome = await runExportJob(db, {
      jobId: job.id,
      open: async () => table(countedRows(rows(), async () => 1200), "xlsx"),
      progressEveryMs: 0,
    });
    expect(outcome).toBe("done");
    expect(seen[0]).toMatchObject({ status: "RUNNING", totalEstimate: 1200 });
    expect(seen[0]!.rowsWritten).toBeGreaterThanOrEqual(500);
    expect(seen[0]!.rowsWritten).toBeLessThan(800);
    const done = await db.exportJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done).toMatchObject({ status: "DONE", rowsWritten: 1200, totalEstimate: 1200, filePath: `${job.id}.xlsx` });
    expect(Number(done.bytes)).toBeGreaterThan(0);
  });

  it("a failure marks the job failed, leaves no file and offers the export again; a job whose process died is marked failed", async () => {
    const t = await makeTenant("export-job-fail");
    signedIn = t.msspAdmin.actor;
    // Far-future clocks: other files' daily runs (their clocks pinned to other dates) stop stale jobs and
    // remove expired ones in the same database; this test's jobs must be neither to them.
    const far = () => new Date("2099-06-01T10:00:00Z");
    const job = await createExportJob(db, { actor: t.msspAdmin.actor, account: t.mssp, list: "devices", exportPath: `/a/${t.mssp.id}/devices/export`, params: { format: "csv", q: "x" }, format: "csv", fileName: "d.csv", now: far() });
    async function* breaking() {
      for (let n = 1; n <= 3000; n++) {
        if (n === 2500) throw new Error("page 3 failed");
        yield { n };
      }
    }
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await runExportJob(db, { jobId: job.id, open: async () => table(breaking()), now: far })).toBe("failed");
    } finally {
      quiet.mockRestore();
    }
    const failed = (await (await callJob(jobStatus, t.mssp.id, job.id)).json()) as ExportJobStatus;
    expect(failed).toMatchObject({ status: "FAILED", label: "Failed", error: "The export could not be written. Try again." });
    expect(existsSync(path.join(directory, `${job.id}.csv`))).toBe(false);
    expect(existsSync(path.join(directory, `${job.id}.csv.part`))).toBe(false);
    expect((await callJob(jobDownload, t.mssp.id, job.id)).status).toBe(409);

    // Running, then silent for longer than a job ever is: its process is gone.
    const started = new Date("2099-07-01T10:00:00Z");
    const stuck = await createExportJob(db, { actor: t.msspAdmin.actor, account: t.mssp, list: "devices", exportPath: "/x", params: {}, format: "csv", fileName: "d.csv", now: started });
    await claimExportJob(db, { jobId: stuck.id, now: started });
    await failStaleExportJobs(db, { now: new Date(started.getTime() + EXPORT_STALE_AFTER_MS - 1) });
    expect((await db.exportJob.findUniqueOrThrow({ where: { id: stuck.id } })).status).toBe("RUNNING");
    await failStaleExportJobs(db, { now: new Date(started.getTime() + EXPORT_STALE_AFTER_MS + 1) });
    expect(await db.exportJob.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({ status: "FAILED", error: expect.stringContaining("Try again") });
  });

  it("a job is read and downloaded only by whoever asked, within reach; a malformed or unknown id is not found", async () => {
    const t = await makeTenant("export-job-owner");
    const other = await makeTenant("export-job-other");
    signedIn = t.msspAdmin.actor;
    await addDevices(t.customer.id, DEVICES);
    const jobId = await exportAsJob(devicesExport, t.mssp.id, "format=csv");
    expect((await callJob(jobDownload, t.mssp.id, jobId)).status).toBe(200);
    // The job's account below the page's account is fine; its parent is out of the caller's reach.
    expect((await callJob(jobStatus, t.distributor.id, jobId)).status).toBe(404);

    const colleague = await makeActor(t.mssp, "ADMIN");
    const cases: [string, Actor, string, string][] = [
      ["another tenant, its own account", other.msspAdmin.actor, other.mssp.id, jobId],
      ["another tenant, the job's account", other.msspAdmin.actor, t.mssp.id, jobId],
      ["a colleague of the same account", colleague.actor, t.mssp.id, jobId],
      ["the customer below, whose devices they are", t.customerAdmin.actor, t.customer.id, jobId],
      ["a malformed id", t.msspAdmin.actor, t.mssp.id, "not-a-job"],
      ["an unknown id", t.msspAdmin.actor, t.mssp.id, randomUUID()],
    ];
    for (const [label, actor, accountId, id] of cases) {
      signedIn = actor;
      for (const route of [jobStatus, jobDownload]) {
        const response = await callJob(route, accountId, id);
        expect(response.status, label).toBe(404);
        expect(await response.text(), label).not.toContain("EXP-");
      }
    }
    expect(await listExportJobs(db, { actor: colleague.actor, accountId: t.mssp.id })).toEqual([]);
  });

  it("files and jobs go a day after they finished; removing them again is a no-op", async () => {
    const t = await makeTenant("export-job-expiry");
    const finished = new Date("2028-06-02T09:00:00Z");
    const job = await createExportJob(db, { actor: t.msspAdmin.actor, account: t.mssp, list: "devices", exportPath: "/x", params: {}, format: "csv", fileName: "d.csv", now: finished });
    expect(await runExportJob(db, { jobId: job.id, open: async () => table(rowsOf(3)), now: () => finished })).toBe("done");
    const file = path.join(exportDirectory(), `${job.id}.csv`);
    expect(existsSync(file)).toBe(true);

    await removeExpiredExportJobs(db, { now: new Date(finished.getTime() + EXPORT_FILE_LIFETIME_MS - 1) });
    expect(existsSync(file)).toBe(true);
    expect(await db.exportJob.count({ where: { id: job.id } })).toBe(1);

    const later = new Date(finished.getTime() + EXPORT_FILE_LIFETIME_MS);
    expect(await removeExpiredExportJobs(db, { now: later })).toBeGreaterThanOrEqual(1);
    expect(existsSync(file)).toBe(false);
    expect(await db.exportJob.count({ where: { id: job.id } })).toBe(0);
    expect(await removeExpiredExportJobs(db, { now: later })).toBe(0);
  });
});

interface Numbered {
  n: number;
}

async function* rowsOf(count: number): AsyncGenerator<Numbered> {
  for (let n = 1; n <= count; n++) yield { n };
}

function table(rows: AsyncIterable<Numbered>, format: "csv" | "xlsx" = "csv"): TableExportOptions<Numbered> {
  return { format, filename: "numbers", sheetName: "Numbers", columns: [{ header: "N", type: "integer", value: (row) => row.n }], rows };
}
