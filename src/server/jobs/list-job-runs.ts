import "server-only";
import type { JobStatus } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { StepRecord } from "./run-job-once";

export interface JobRunRow {
  id: string;
  job: string;
  period: string;
  status: JobStatus;
  attempt: number;
  startedAt: Date;
  finishedAt: Date | null;
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
  return runs.map((run) => {
    const progress = asRecord(run.progress);
    return {
      id: run.id,
      job: run.job,
      period: run.period,
      status: run.status,
      attempt: run.attempt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      error: run.error,
      detail: run.status === "RUNNING" ? run.progress : run.counts,
      stepInHand: run.status === "RUNNING" && typeof progress?.step === "string" ? progress.step : null,
      steps: Array.isArray(progress?.steps) ? progress.steps.filter(isStepRecord) : [],
    };
  });
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function isStepRecord(value: unknown): value is StepRecord {
  const record = asRecord(value);
  return typeof record?.step === "string" && typeof record.durationMs === "number" && asRecord(record.counts) !== null;
}
