import "server-only";
import type { JobRun, JobStatus, Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import type { StepRecord } from "./run-job-once";

export interface JobRunRow {
  id: string;
  job: string;
  period: string;
  status: JobStatus;
  attempt: number;
  startedAt: Date;
  finishedAt: Date | null;
  /**
   * How long the run took, measured (null while running). Not finishedAt − startedAt: a run's
   * clock is pinned to its scheduled instant (so every step of one run sees the same day), which
   * makes those two equal.
   */
  durationMs: number | null;
  error: string | null;
  /** While running: the step in hand and the counts so far; once over: the run's counts. */
  detail: unknown;
  /** The step in hand while the run is running (a failed step is among `steps`, marked failed). */
  stepInHand: string | null;
  /** The steps recorded so far, in order (none for runs from before steps were recorded). */
  steps: StepRecord[];
}

/** The latest scheduled runs, newest first, for the Jobs page (runs are platform-wide: the page decides who sees them). */
export async function listJobRuns(db: Db, options: { job?: string; take?: number } = {}): Promise<JobRunRow[]> {
  const runs = await db.jobRun.findMany({ where: { job: options.job }, orderBy: { startedAt: "desc" }, take: options.take ?? 100 });
  return runs.map(toJobRunRow);
}

/**
 * One keyset page of the scheduled runs, newest first (docs/lists.md), for the Jobs
 * page: a run carries its steps and counts, so the latest 100 on one page made
 * it 1.4 MB at a distributor's scale.
 */
export async function listJobRunsPage(db: Db, options: { page?: PageRequest; pageSize: number }): Promise<Page<JobRunRow>> {
  type Part = KeyPart<JobRun, Prisma.JobRunWhereInput, Prisma.JobRunOrderByWithRelationInput>;
  const parts: Part[] = [field("startedAt", "date", "desc", (run) => run.startedAt), field("id", "uuid", "asc", (run) => run.id)];
  const page = await keysetPage({
    sort: "startedAt.desc",
    parts,
    where: {},
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    findMany: (args) => db.jobRun.findMany(args),
    count: (args) => db.jobRun.count(args),
  });
  return { ...page, rows: page.rows.map(toJobRunRow) };
}

function toJobRunRow(run: JobRun): JobRunRow {
  const progress = asRecord(run.progress);
  const steps = Array.isArray(progress?.steps) ? progress.steps.filter(isStepRecord) : [];
  return {
    id: run.id,
    job: run.job,
    period: run.period,
    status: run.status,
    attempt: run.attempt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt ? measuredDuration(run.counts, steps, run.finishedAt.getTime() - run.startedAt.getTime()) : null,
    error: run.error,
    detail: run.status === "RUNNING" ? run.progress : run.counts,
    stepInHand: run.status === "RUNNING" && typeof progress?.step === "string" ? progress.step : null,
    steps,
  };
}

/** The run's own measure when it succeeded, else the sum of its recorded steps, else the clock's difference. */
function measuredDuration(counts: unknown, steps: StepRecord[], clockMs: number): number {
  const measured = asRecord(counts)?.durationMs;
  if (typeof measured === "number") return measured;
  if (steps.length > 0) return steps.reduce((total, step) => total + step.durationMs, 0);
  return clockMs;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function isStepRecord(value: unknown): value is StepRecord {
  const record = asRecord(value);
  return typeof record?.step === "string" && typeof record.durationMs === "number" && asRecord(record.counts) !== null;
}
