import "server-only";
import type { JobRun, Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";

/** A RUNNING run whose heartbeat is older than this is taken to have crashed. */
export const STALE_AFTER_MS = 10 * 60_000;

export type JobOutcome =
  | { outcome: "ran"; run: JobRun }
  | { outcome: "failed"; run: JobRun; error: unknown }
  | { outcome: "already-done"; run: JobRun }
  | { outcome: "running"; run: JobRun };

/** One named step of a run as the Jobs page shows it: how long it took and what it counted. */
export interface StepRecord {
  step: string;
  durationMs: number;
  counts: Record<string, number>;
  /** The step threw: the run failed here, and a redone run starts again from the first step. */
  failed?: true;
}

export interface JobContext {
  runId: string;
  /** Records progress (and the heartbeat) so the Jobs page can show it. */
  progress: (step: string, detail?: Record<string, unknown>) => Promise<void>;
  /**
   * Adds a finished (or failed) step to the run's progress, as `steps` beside the step in hand;
   * it stays there once the run is over. The counts keep only the run's totals, which the cron
   * route answers with.
   */
  recordStep: (record: StepRecord) => Promise<void>;
}

/**
 * Runs (job, period) at most once: the unique run record is the claim. A second
 * caller — another request or another app instance — finds it RUNNING or
 * SUCCEEDED and does nothing. A run that crashed (FAILED, or RUNNING with a
 * stale heartbeat) is claimed again by exactly one caller and redone; the work
 * itself writes by natural keys, so redoing never double-counts.
 */
export async function runJobOnce(
  db: Db,
  options: { job: string; period: string; now?: () => Date },
  work: (context: JobContext) => Promise<Record<string, number>>,
): Promise<JobOutcome> {
  const clock = options.now ?? (() => new Date());
  const { job, period } = options;
  let run = await claim(db, job, period, clock());
  if (!run) {
    const existing = await db.jobRun.findUniqueOrThrow({ where: { job_period: { job, period } } });
    return { outcome: existing.status === "SUCCEEDED" ? "already-done" : "running", run: existing };
  }
  const steps: StepRecord[] = [];
  let current: Record<string, unknown> = {};
  const writeProgress = async () => {
    const progress = steps.length > 0 ? { ...current, steps } : current;
    await db.jobRun.update({ where: { id: run!.id }, data: { heartbeatAt: clock(), progress: progress as Prisma.InputJsonValue } });
  };
  const context: JobContext = {
    runId: run.id,
    progress: async (step, detail) => {
      current = { step, ...(detail ?? {}) };
      await writeProgress();
    },
    recordStep: async (record) => {
      steps.push(record);
      await writeProgress();
    },
  };
  const started = Date.now();
  try {
    const counts = await work(context);
    run = await db.jobRun.update({
      where: { id: run.id },
      data: {
        status: "SUCCEEDED",
        finishedAt: clock(),
        heartbeatAt: clock(),
        counts: { ...counts, durationMs: Date.now() - started } as Prisma.InputJsonValue,
        progress: (steps.length > 0 ? { step: "done", steps } : { step: "done" }) as Prisma.InputJsonValue,
      },
    });
    return { outcome: "ran", run };
  } catch (error) {
    console.error(`job ${job} ${period} failed`, error);
    run = await db.jobRun.update({
      where: { id: run.id },
      data: { status: "FAILED", finishedAt: clock(), error: describe(error) },
    });
    return { outcome: "failed", run, error };
  }
}

async function claim(db: Db, job: string, period: string, now: Date): Promise<JobRun | null> {
  const [fresh] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO job_runs (id, job, period, status, attempt, started_at, heartbeat_at)
    VALUES (gen_random_uuid(), ${job}, ${period}, 'RUNNING', 1, ${now}, ${now})
    ON CONFLICT (job, period) DO NOTHING
    RETURNING id::text`;
  if (fresh) return db.jobRun.findUniqueOrThrow({ where: { id: fresh.id } });
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
  // One UPDATE decides who retakes a crashed run: the row lock lets only one win.
  const [retaken] = await db.$queryRaw<{ id: string }[]>`
    UPDATE job_runs SET status = 'RUNNING', attempt = attempt + 1, started_at = ${now}, heartbeat_at = ${now},
                        finished_at = NULL, error = NULL, progress = NULL
    WHERE job = ${job} AND period = ${period}
      AND (status = 'FAILED' OR (status = 'RUNNING' AND heartbeat_at < ${staleBefore}))
    RETURNING id::text`;
  return retaken ? db.jobRun.findUniqueOrThrow({ where: { id: retaken.id } }) : null;
}

/** Errors stored for operators: the message only, never a stack or SQL. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.slice(0, 500);
}
