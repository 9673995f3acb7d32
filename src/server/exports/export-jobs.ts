import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Account, ExportJob, Prisma } from "@/generated/prisma/client";
import { conflict, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { EXPORT_FILE_LIFETIME_MS, EXPORT_PROGRESS_EVERY_MS, EXPORT_STALE_AFTER_MS, exportDirectory } from "./export-config";
import { CONTENT_TYPES, countExportRows, openTableExport, type ExportFormat, type TableExportOptions } from "./table-export";

export type { ExportJob } from "@/generated/prisma/client";

/** What the portal tells the person who asked, in their words (never the status code). */
export const EXPORT_JOB_STATUS_LABEL: Record<ExportJob["status"], string> = {
  QUEUED: "Waiting to start",
  RUNNING: "Writing the file",
  DONE: "Ready to download",
  FAILED: "Failed",
};

/** The message a failed job shows; the cause goes to the server log only. */
const FAILED_MESSAGE = "The export could not be written. Try again.";
const STOPPED_MESSAGE = "The export stopped before it was finished (the server restarted). Try again.";

/**
 * A job for an export over the direct threshold, queued for whoever asked:
 * the export as asked (its path and its validated parameters) so the page can
 * offer it again, and the file name the download will carry.
 */
export async function createExportJob(
  db: DbTx,
  options: {
    actor: Actor;
    account: Pick<Account, "id">;
    list: string;
    exportPath: string;
    params: Record<string, string>;
    format: ExportFormat;
    fileName: string;
    now?: Date;
  },
): Promise<ExportJob> {
  const { actor, account } = options;
  // Jobs belong to a person: an export by API key (no user) is never a job (export-route.ts).
  if (!actor.userId) throw notFound("Export");
  const now = options.now ?? new Date();
  return db.exportJob.create({
    data: {
      accountId: account.id,
      requestedById: actor.userId,
      list: options.list,
      exportPath: options.exportPath,
      params: options.params,
      format: options.format,
      fileName: options.fileName,
      createdAt: now,
      expiresAt: new Date(now.getTime() + EXPORT_FILE_LIFETIME_MS),
    },
  });
}

/**
 * Takes a queued job for this process: one statement that locks the row and
 * skips it when another claimer holds it (`FOR UPDATE SKIP LOCKED`), so with
 * several servers on one database a job is run once. Null when the job was
 * already taken (or is not queued).
 */
export async function claimExportJob(db: DbTx, options: { jobId: string; now?: Date }): Promise<string | null> {
  const now = options.now ?? new Date();
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE export_jobs SET status = 'RUNNING', started_at = ${now}, heartbeat_at = ${now}
    WHERE id = (SELECT id FROM export_jobs WHERE id = ${options.jobId}::uuid AND status = 'QUEUED' FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id`;
  return rows[0]?.id ?? null;
}

function filePathOf(jobId: string, format: string): string {
  return `${jobId}.${format}`;
}

/**
 * Runs a job: claims it (once), counts its rows for the progress bar, writes
 * the file under the export directory (a `.part` file renamed when complete),
 * pulling rows page by page — memory stays flat — and records progress at
 * least every second. `open` builds the export again from the request's
 * context; its rows are read only here. A failure marks the job failed (the
 * page offers "Try again") and removes the partial file.
 */
export async function runExportJob<Row>(
  db: Db,
  options: {
    jobId: string;
    open: () => Promise<TableExportOptions<Row>>;
    now?: () => Date;
    /** How often progress is written (tests lower it to see progress of a small export). */
    progressEveryMs?: number;
  },
): Promise<"done" | "failed" | "taken"> {
  const now = options.now ?? (() => new Date());
  const progressEvery = options.progressEveryMs ?? EXPORT_PROGRESS_EVERY_MS;
  const jobId = await claimExportJob(db, { jobId: options.jobId, now: now() });
  if (!jobId) return "taken";
  const job = await db.exportJob.findUniqueOrThrow({ where: { id: jobId } });
  const directory = exportDirectory();
  const relative = filePathOf(job.id, job.format);
  const part = path.join(directory, `${relative}.part`);
  try {
    const source = await options.open();
    // Rows read ahead have no total (only a capped count): the page then shows rows written alone.
    const total = await countExportRows(source);
    if (total !== null) await db.exportJob.update({ where: { id: job.id }, data: { totalEstimate: total, heartbeatAt: now() } });
    let written = 0;
    let savedAt = Date.now();
    // Rows of every sheet count, as the total counts them.
    async function* counted<T>(rows: AsyncIterable<T>): AsyncGenerator<T> {
      for await (const row of rows) {
        written++;
        yield row;
        if (written % 250 === 0 && Date.now() - savedAt >= progressEvery) {
          savedAt = Date.now();
          await db.exportJob.update({ where: { id: job.id }, data: { rowsWritten: written, heartbeatAt: now() } });
        }
      }
    }
    const file = await openTableExport({
      ...source,
      rows: counted(source.rows),
      moreSheets: source.moreSheets?.map((sheet) => ({ ...sheet, cells: counted(sheet.cells) })),
    });
    await mkdir(directory, { recursive: true });
    const chunks = file.chunks;
    await pipeline(Readable.from({ [Symbol.asyncIterator]: () => chunks }), createWriteStream(part));
    await rename(part, path.join(directory, relative));
    const { size } = await stat(path.join(directory, relative));
    const finishedAt = now();
    await db.exportJob.update({
      where: { id: job.id },
      data: {
        status: "DONE",
        rowsWritten: written,
        totalEstimate: written,
        filePath: relative,
        bytes: BigInt(size),
        finishedAt,
        heartbeatAt: finishedAt,
        expiresAt: new Date(finishedAt.getTime() + EXPORT_FILE_LIFETIME_MS),
      },
    });
    return "done";
  } catch (error) {
    console.error(`export job ${job.id} failed`, error);
    await rm(part, { force: true });
    await db.exportJob.update({ where: { id: job.id }, data: { status: "FAILED", error: FAILED_MESSAGE, finishedAt: now() } });
    return "failed";
  }
}

/**
 * Jobs that were queued or running when their process ended (no progress for
 * a while) are marked failed, so the page stops waiting and offers "Try again".
 * Limited to one person's jobs when `userId` is given (read lazily by the pages).
 */
export async function failStaleExportJobs(db: DbTx, options: { now: Date; userId?: string }): Promise<number> {
  const before = new Date(options.now.getTime() - EXPORT_STALE_AFTER_MS);
  const { count } = await db.exportJob.updateMany({
    where: {
      ...(options.userId ? { requestedById: options.userId } : {}),
      OR: [
        { status: "QUEUED", createdAt: { lt: before } },
        { status: "RUNNING", heartbeatAt: { lt: before } },
      ],
    },
    data: { status: "FAILED", error: STOPPED_MESSAGE, finishedAt: options.now },
  });
  return count;
}

/**
 * Expired jobs and their files go (a day after they finished, or were asked
 * for if they never did). Idempotent: a file already gone is not an error.
 */
export async function removeExpiredExportJobs(db: DbTx, options: { now: Date }): Promise<number> {
  const directory = exportDirectory();
  let removed = 0;
  for (;;) {
    const expired = await db.exportJob.findMany({
      where: { expiresAt: { lte: options.now } },
      select: { id: true, format: true },
      orderBy: { expiresAt: "asc" },
      take: 500,
    });
    if (expired.length === 0) return removed;
    for (const job of expired) {
      const file = path.join(directory, filePathOf(job.id, job.format));
      await rm(file, { force: true });
      await rm(`${file}.part`, { force: true });
    }
    const { count } = await db.exportJob.deleteMany({ where: { id: { in: expired.map((job) => job.id) } } });
    removed += count;
  }
}

/** Jobs of one person at this account and below: tenancy and "who asked" inside the query. */
function jobsOf(actor: Actor, account: Account): Prisma.ExportJobWhereInput {
  return { requestedById: actor.userId ?? "", account: { path: { startsWith: account.path } } };
}

/**
 * One job of the caller, under an account in their reach. A malformed id,
 * another person's job and another tenant's job are all "not found".
 */
export async function getExportJobInReach(
  db: DbTx,
  options: { actor: Actor; accountId: string; jobId: string; now?: Date },
): Promise<{ account: Account; job: ExportJob }> {
  const { actor } = options;
  if (!isUuid(options.jobId) || !actor.userId) throw notFound("Export");
  const { account } = await getAccountInReach(db, actor, options.accountId);
  assertCan(actor, "export", account);
  await failStaleExportJobs(db, { now: options.now ?? new Date(), userId: actor.userId });
  const job = await db.exportJob.findFirst({ where: { id: options.jobId, ...jobsOf(actor, account) } });
  if (!job) throw notFound("Export");
  return { account, job };
}

/** The caller's recent exports at this account and below, newest first (the Exports page). */
export async function listExportJobs(db: DbTx, options: { actor: Actor; accountId: string; now?: Date }): Promise<ExportJob[]> {
  const { actor } = options;
  const { account } = await getAccountInReach(db, actor, options.accountId);
  if (!actor.userId) return [];
  await failStaleExportJobs(db, { now: options.now ?? new Date(), userId: actor.userId });
  return db.exportJob.findMany({ where: jobsOf(actor, account), orderBy: { createdAt: "desc" }, take: 50 });
}

/** What the progress panel polls: status in words, rows written of the estimate, the file when ready. */
export interface ExportJobStatus {
  id: string;
  status: ExportJob["status"];
  label: string;
  rowsWritten: number;
  totalEstimate: number | null;
  /** 0–100, or null while the total is not known yet. */
  percent: number | null;
  error: string | null;
  fileName: string;
  bytes: number | null;
}

export function exportJobStatus(job: ExportJob): ExportJobStatus {
  const total = job.totalEstimate;
  const percent = job.status === "DONE" ? 100 : total ? Math.min(99, Math.floor((job.rowsWritten / total) * 100)) : null;
  return {
    id: job.id,
    status: job.status,
    label: EXPORT_JOB_STATUS_LABEL[job.status],
    rowsWritten: job.rowsWritten,
    totalEstimate: total,
    percent,
    error: job.error,
    fileName: job.fileName,
    bytes: job.bytes === null ? null : Number(job.bytes),
  };
}

/** The finished file as a download; a job not finished (or whose file is gone) has none. */
export async function openExportJobFile(job: ExportJob): Promise<{ body: ReadableStream<Uint8Array>; contentType: string; fileName: string; bytes: number }> {
  if (job.status !== "DONE" || !job.filePath) throw conflict("This export is not ready yet.", "EXPORT_NOT_READY");
  const file = path.join(exportDirectory(), job.filePath);
  const size = await stat(file).then(
    (info) => info.size,
    () => null,
  );
  if (size === null) throw notFound("Export file");
  const contentType = CONTENT_TYPES[job.format as ExportFormat] ?? "application/octet-stream";
  return { body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, contentType, fileName: job.fileName, bytes: size };
}

/** The list an export is of, as its page names it. */
const LIST_LABEL: Record<string, string> = {
  devices: "Devices",
  gateways: "Gateways",
  contracts: "Services & Contracts",
  licenses: "Licenses",
  "audit-log": "Audit log",
  evidence: "Usage evidence",
  usage: "Usage report",
  "usage-rollup": "Usage report roll-up",
  "usage-adjustments": "Usage report adjustments",
  "usage-report": "Usage/Report",
  "usage-report-detail": "Usage/Report detail",
  "points-ledger": "Points ledger",
};

const FORMAT_LABEL: Record<string, string> = { csv: "CSV", xlsx: "Excel" };

/** "Devices (Excel)": what a job exports, in the portal's words. */
export function exportJobTitle(job: Pick<ExportJob, "list" | "format">): string {
  return `${LIST_LABEL[job.list] ?? job.list} (${FORMAT_LABEL[job.format] ?? job.format})`;
}

/** The export as it was asked for: "Try again" requests it anew (a new job, or a download if it got small). */
export function exportJobRetryUrl(job: Pick<ExportJob, "exportPath" | "params">): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries((job.params ?? {}) as Record<string, unknown>)) if (typeof value === "string") params.set(key, value);
  return `${job.exportPath}?${params.toString()}`;
}
