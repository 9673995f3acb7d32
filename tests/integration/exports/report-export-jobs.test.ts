import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The routes are called as the browser calls them; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { isoDateToDb } from "@/lib/dates";
import { db } from "@/server/db";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { rollUpPackageMonths } from "@/server/metering/roll-up-package-months";
import { GET as evidenceExport } from "@/app/(portal)/a/[accountId]/usage/evidence/export/route";
import { GET as usageExport } from "@/app/(portal)/a/[accountId]/usage/export/route";
import { GET as reportExport } from "@/app/(portal)/a/[accountId]/subscriptions/report/export/route";
import { GET as pointsExport } from "@/app/(portal)/a/[accountId]/points/export/route";
import { GET as jobDownload } from "@/app/(portal)/a/[accountId]/exports/[jobId]/download/route";
import { GET as jobStatus } from "@/app/(portal)/a/[accountId]/exports/[jobId]/status/route";
import type { ExportJobStatus } from "@/server/exports/export-jobs";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";
import { givePoints } from "../../support/pool-factories";
import { dxPackages, insertDxSubscription, makeDxCustomer, sendEvents } from "../../support/subscription-fixtures";

/**
 * The usage evidence, usage report, Usage/Report and points exports over their
 * threshold become export jobs like the lists (docs/exports.md#export-jobs):
 * the job's file holds what the direct download holds, and only whoever
 * asked, within reach, sees it.
 */

type Route = typeof evidenceExport;
type JobRoute = typeof jobStatus;
type Tenant = Awaited<ReturnType<typeof makeTenant>>;

const THRESHOLDS = ["EVIDENCE", "USAGE", "USAGE_ROLLUP", "USAGE_REPORT", "USAGE_REPORT_DETAIL", "POINTS_LEDGER"].map((name) => `EXPORT_JOB_THRESHOLD_${name}`);
const saved: Record<string, string | undefined> = {};
let directory: string;

beforeAll(async () => {
  for (const name of [...THRESHOLDS, "EXPORT_DIR"]) saved[name] = process.env[name];
  directory = await mkdtemp(path.join(tmpdir(), "report-export-jobs-"));
  process.env.EXPORT_DIR = directory;
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(directory, { recursive: true, force: true });
});

afterEach(() => {
  vi.useRealTimers();
  for (const name of THRESHOLDS) delete process.env[name];
});

/** The routes read "today" from the clock: the months below are past at this instant. */
const TODAY = new Date("2028-08-10T12:00:00Z");

async function call(route: Route, accountId: string, query: string): Promise<Response> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TODAY);
  try {
    return await route(new Request(`http://portal.test/a/${accountId}/x/export?${query}`), { params: Promise.resolve({ accountId }) });
  } finally {
    vi.useRealTimers();
  }
}

const callJob = (route: JobRoute, accountId: string, jobId: string) =>
  route(new Request(`http://portal.test/a/${accountId}/exports/${jobId}`), { params: Promise.resolve({ accountId, jobId }) });

/** Asks for the export with `name`'s threshold at `threshold`: a job, run before the answer outside Next (after-response.ts). */
async function asJob(route: Route, accountId: string, query: string, name: string, threshold: number): Promise<{ jobId: string; status: ExportJobStatus; bytes: Buffer }> {
  process.env[`EXPORT_JOB_THRESHOLD_${name}`] = String(threshold);
  const response = await call(route, accountId, query);
  expect(response.status, `${query}: ${response.status === 200 ? "a download" : await response.text()}`).toBe(303);
  const match = new RegExp(`^/a/${accountId}/exports/([0-9a-f-]{36})$`).exec(response.headers.get("location") ?? "");
  expect(match, response.headers.get("location") ?? "").not.toBeNull();
  const jobId = match![1]!;
  const status = (await (await callJob(jobStatus, accountId, jobId)).json()) as ExportJobStatus;
  const download = await callJob(jobDownload, accountId, jobId);
  expect(download.status).toBe(200);
  return { jobId, status, bytes: Buffer.from(await download.arrayBuffer()) };
}

/** The same export under a threshold it does not reach: the direct download. */
async function direct(route: Route, accountId: string, query: string, name: string, threshold = 1_000_000): Promise<Buffer> {
  process.env[`EXPORT_JOB_THRESHOLD_${name}`] = String(threshold);
  const response = await call(route, accountId, query);
  expect(response.status, query).toBe(200);
  expect(response.headers.get("content-disposition")).toMatch(/^attachment/);
  return Buffer.from(await response.arrayBuffer());
}

/** Every sheet's cells by name: a zip carries its own timestamps, so Excel files are compared by cells. */
async function sheets(bytes: Buffer): Promise<Record<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return Object.fromEntries(
    book.worksheets.map((sheet) => {
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return [sheet.name, rows];
    }),
  );
}

const csvLines = (bytes: Buffer) => bytes.toString("utf8").replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/);

/** Another tenant's admin, and a colleague of the same account, get "not found" for the job and its file. */
async function expectOnlyTheAsker(t: Tenant, accountId: string, jobId: string, asker: Actor): Promise<void> {
  const other = await makeTenant("report-job-other");
  const cases: [string, Actor, string][] = [
    ["another tenant, its own account", other.msspAdmin.actor, other.mssp.id],
    ["another tenant, the job's account", other.msspAdmin.actor, accountId],
    ["another person of the tenant", asker === t.msspAdmin.actor ? t.distributorAdmin.actor : t.msspAdmin.actor, accountId],
  ];
  for (const [label, actor, at] of cases) {
    signedIn = actor;
    for (const route of [jobStatus, jobDownload]) expect((await callJob(route, at, jobId)).status, label).toBe(404);
  }
  signedIn = asker;
}

describe("report exports over the threshold run as jobs (docs/exports.md#export-jobs)", () => {
  it("usage evidence: counted from the day's kept counts; at the threshold a download, over it a job with the same bytes", async () => {
    const t = await makeTenant("evidence-job");
    const service = await db.service.findUniqueOrThrow({ where: { code: "quantum-spark-management" } });
    const day = "2028-07-04";
    const addGateways = (from: number, to: number) => db.$executeRaw`
      WITH made AS (
        INSERT INTO devices (id, account_id, external_id, kind, registered_by, first_seen_at, last_seen_at)
        SELECT gen_random_uuid(), ${t.customer.id}::uuid, 'GW-' || lpad(n::text, 3, '0'), 'GATEWAY', 'telemetry',
               timestamptz '2028-07-04 08:00Z' + n * interval '1 minute', timestamptz '2028-07-04 18:00Z' + n * interval '1 minute'
        FROM generate_series(${from}::int, ${to}::int) AS n
        RETURNING id, first_seen_at, last_seen_at)
      INSERT INTO device_daily_activity (account_id, day, device_id, kind, first_seen_at, last_seen_at, events, payg)
      SELECT ${t.customer.id}::uuid, ${isoDateToDb(day)}, id, 'GATEWAY', first_seen_at, last_seen_at, 5, true FROM made`;
    await addGateways(1, 9);
    // A purged gateway's activity (no device row left) is evidence too, read in the second pass.
    await db.deviceDailyActivity.create({
      data: { accountId: t.customer.id, day: isoDateToDb(day), deviceId: "00000000-0000-4000-8000-00000000e001", kind: "GATEWAY", firstSeenAt: new Date(`${day}T10:00:00Z`), lastSeenAt: new Date(`${day}T11:00:00Z`), events: 1 },
    });
    // An endpoint that day is not what a gateway service meters: neither exported nor counted.
    await db.deviceDailyActivity.create({
      data: { accountId: t.customer.id, day: isoDateToDb(day), deviceId: "00000000-0000-4000-8000-00000000e002", kind: "ENDPOINT", firstSeenAt: new Date(`${day}T10:00:00Z`), lastSeenAt: new Date(`${day}T11:00:00Z`), events: 1 },
    });
    signedIn = t.customerAdmin.actor;
    const query = `format=csv&service=${service.id}&day=${day}`;

    // 10 rows at a threshold of 10: still a download, as before.
    expect(csvLines(await direct(evidenceExport, t.customer.id, query, "EVIDENCE", 10))).toHaveLength(1 + 10);

    await addGateways(10, 25);
    const job = await asJob(evidenceExport, t.customer.id, query, "EVIDENCE", 10);
    expect(job.status).toMatchObject({ status: "DONE", rowsWritten: 26, totalEstimate: 26, percent: 100 });
    const csv = await direct(evidenceExport, t.customer.id, query, "EVIDENCE");
    expect(job.bytes.equals(csv)).toBe(true);
    expect(csvLines(job.bytes)).toHaveLength(1 + 26);
    expect(csvLines(job.bytes).at(-1)).toMatch(/^00000000-0000-4000-8000-00000000e001,/);

    const xlsxQuery = `format=xlsx&service=${service.id}&day=${day}`;
    const xlsxJob = await asJob(evidenceExport, t.customer.id, xlsxQuery, "EVIDENCE", 10);
    const cells = await sheets(xlsxJob.bytes);
    expect(cells.Evidence).toHaveLength(1 + 26);
    expect(cells).toEqual(await sheets(await direct(evidenceExport, t.customer.id, xlsxQuery, "EVIDENCE")));

    await expectOnlyTheAsker(t, t.customer.id, job.jobId, t.customerAdmin.actor);
    // Another tenant cannot ask for this account's evidence either.
    const other = await makeTenant("evidence-job-stranger");
    signedIn = other.customerAdmin.actor;
    process.env.EXPORT_JOB_THRESHOLD_EVIDENCE = "1";
    expect((await call(evidenceExport, t.customer.id, query)).status).toBe(404);
  });

  it("usage report: its lines (days, adjustments, roll-up) are counted as held; a job holds every sheet of the direct file", async () => {
    const { t, customer, collector } = await makeDxCustomer("usage-job");
    // Two customers of the MSSP with usage: two lines of its roll-up.
    for (const accountId of [customer.id, t.customer.id]) {
      await insertContract({ accountId, type: "PAYG", serviceCode: "defensx-web-security", registeredOn: "2028-07-01", expiresOn: null });
      for (const day of ["2028-07-01", "2028-07-02", "2028-07-03"]) {
        await sendEvents(collector, accountId, ["laptop-1", "laptop-2"].map((deviceId) => ({ deviceId, kind: "ENDPOINT" as const, at: new Date(`${day}T12:00:00Z`) })), new Date(`${day}T23:00:00Z`));
      }
    }
    await meterDays(db, { now: TODAY, accountIds: [customer.id, t.customer.id] });
    signedIn = t.msspAdmin.actor;

    const csvQuery = "format=csv&month=2028-07";
    const days = csvLines(await direct(usageExport, customer.id, csvQuery, "USAGE"));
    // Header, a line per day of July, the service's month total.
    expect(days).toHaveLength(1 + 31 + 1);
    expect(csvLines(await direct(usageExport, customer.id, csvQuery, "USAGE", 31))).toEqual(days);
    const csvJob = await asJob(usageExport, customer.id, csvQuery, "USAGE", 30);
    expect(csvJob.status).toMatchObject({ status: "DONE", rowsWritten: 31, totalEstimate: 31 });
    expect(csvJob.bytes.equals(await direct(usageExport, customer.id, csvQuery, "USAGE"))).toBe(true);

    // The MSSP's Excel file: its own days (none), then the Roll-up sheet, whose lines count too.
    const xlsxQuery = "format=xlsx&month=2028-07";
    const xlsxDirect = await sheets(await direct(usageExport, t.mssp.id, xlsxQuery, "USAGE"));
    expect(Object.keys(xlsxDirect)).toEqual(["Usage 2028-07", "Roll-up"]);
    expect(xlsxDirect["Usage 2028-07"]).toHaveLength(1);
    const rollupLines = xlsxDirect["Roll-up"]!.length - 1;
    expect(xlsxDirect["Roll-up"]!.map((row) => row[0])).toEqual(expect.arrayContaining([customer.name, t.customer.name]));
    const xlsxJob = await asJob(usageExport, t.mssp.id, xlsxQuery, "USAGE", rollupLines - 1);
    expect(xlsxJob.status).toMatchObject({ status: "DONE", rowsWritten: rollupLines, totalEstimate: rollupLines });
    expect(await sheets(xlsxJob.bytes)).toEqual(xlsxDirect);

    // The roll-up alone in CSV is an export of its own name.
    const rollupQuery = "format=csv&rollup=1&month=2028-07";
    const rollupJob = await asJob(usageExport, t.mssp.id, rollupQuery, "USAGE_ROLLUP", 1);
    expect(rollupJob.bytes.equals(await direct(usageExport, t.mssp.id, rollupQuery, "USAGE_ROLLUP"))).toBe(true);

    await expectOnlyTheAsker(t, customer.id, csvJob.jobId, t.msspAdmin.actor);
  });

  it("Usage/Report: the detail has no count query, so it is read ahead up to the threshold; over it a job with the same lines", async () => {
    const { t, customer, collector } = await makeDxCustomer("report-job");
    const { core, corePlus } = await dxPackages();
    await insertDxSubscription(customer.id, core.id, "2028-04-01");
    await insertDxSubscription(customer.id, corePlus.id, "2028-04-01");
    const kiosks = Array.from({ length: 7 }, (_, n) => `kiosk-${n + 1}`);
    await sendEvents(collector, customer.id, kiosks.map((deviceId) => ({ deviceId, kind: "ENDPOINT" as const, at: new Date("2028-04-10T12:00:00Z") })), new Date("2028-04-10T23:00:00Z"));
    const nightly = new Date("2028-05-10T00:10:00Z");
    await meterDays(db, { now: nightly, accountIds: [customer.id] });
    await rollUpMonths(db, { now: nightly, accountIds: [customer.id] });
    await rollUpPackageMonths(db, { now: nightly, accountIds: [customer.id] });
    signedIn = t.msspAdmin.actor;

    const detailQuery = "format=csv&detail=1&month=2028-04";
    const detail = csvLines(await direct(reportExport, customer.id, detailQuery, "USAGE_REPORT_DETAIL"));
    const lines = detail.length - 1;
    expect(lines).toBeGreaterThanOrEqual(kiosks.length);
    // Exactly at the threshold: the lines read ahead are the download's, once.
    expect(csvLines(await direct(reportExport, customer.id, detailQuery, "USAGE_REPORT_DETAIL", lines))).toEqual(detail);

    const detailJob = await asJob(reportExport, customer.id, detailQuery, "USAGE_REPORT_DETAIL", lines - 1);
    // No total to show (only a capped count): the page shows the rows written.
    expect(detailJob.status).toMatchObject({ status: "DONE", rowsWritten: lines, percent: 100 });
    expect(detailJob.bytes.equals(await direct(reportExport, customer.id, detailQuery, "USAGE_REPORT_DETAIL"))).toBe(true);

    // Excel: the package lines and the Detail sheet count together; the filters are kept.
    const xlsxQuery = "format=xlsx&month=2028-04&status=billed";
    const xlsxDirect = await sheets(await direct(reportExport, customer.id, xlsxQuery, "USAGE_REPORT"));
    const packageLines = xlsxDirect["Usage 2028-04"]!.length - 2;
    const detailLines = xlsxDirect.Detail!.length - 1;
    expect(detailLines).toBeGreaterThan(0);
    expect((await direct(reportExport, customer.id, xlsxQuery, "USAGE_REPORT", packageLines + detailLines)).length).toBeGreaterThan(0);
    const xlsxJob = await asJob(reportExport, customer.id, xlsxQuery, "USAGE_REPORT", packageLines + detailLines - 1);
    expect(xlsxJob.status).toMatchObject({ status: "DONE", rowsWritten: packageLines + detailLines });
    expect(await sheets(xlsxJob.bytes)).toEqual(xlsxDirect);
    const job = await db.exportJob.findUniqueOrThrow({ where: { id: xlsxJob.jobId } });
    expect(job).toMatchObject({ list: "usage-report", params: { format: "xlsx", month: "2028-04", status: "billed" } });

    await expectOnlyTheAsker(t, customer.id, detailJob.jobId, t.msspAdmin.actor);
  });

  it("points ledger: counted up to the cap on its index; a long ledger is a job whose file closes with the balance", async () => {
    const t = await makeTenant("points-job");
    for (let n = 1; n <= 12; n++) await givePoints(t, n);
    signedIn = t.distributorAdmin.actor;
    expect(csvLines(await direct(pointsExport, t.mssp.id, "format=csv", "POINTS_LEDGER", 12))).toHaveLength(1 + 12 + 1);
    const job = await asJob(pointsExport, t.mssp.id, "format=csv", "POINTS_LEDGER", 11);
    expect(job.status).toMatchObject({ status: "DONE", rowsWritten: 12, totalEstimate: 12 });
    expect(job.bytes.equals(await direct(pointsExport, t.mssp.id, "format=csv", "POINTS_LEDGER"))).toBe(true);
    expect(csvLines(job.bytes).at(-1)).toBe(",Balance,,78,,,,,,");
    await expectOnlyTheAsker(t, t.mssp.id, job.jobId, t.distributorAdmin.actor);
  });
});
