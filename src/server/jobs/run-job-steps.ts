import "server-only";
import type { Db } from "@/server/db";
import { runJobOnce, type JobContext, type JobOutcome } from "./run-job-once";

/** A named step of a scheduled job: one call into a domain, answering what it counted. */
export interface JobStep<C> {
  step: string;
  run: (context: C & { runId: string }) => Promise<Record<string, number>>;
}

/** Thrown when a step fails, so the run's stored error says which step it was. */
export class JobStepError extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "JobStepError";
  }
}

/**
 * Runs (job, period) once (runJobOnce) as a list of steps, in order: before each
 * step the run's progress names it with the counts so far, after it the step's
 * duration and counts are recorded. The run's counts are every step's counts
 * merged in order, so a job's totals keep the keys its steps answer. A step that
 * throws fails the run there, named in its error; a redone run starts again from
 * the first step, which is why each step must be idempotent on its own.
 */
export function runJobSteps<C extends object>(
  db: Db,
  options: { job: string; period: string; now?: () => Date },
  steps: readonly JobStep<C>[],
  context: C,
): Promise<JobOutcome> {
  return runJobOnce(db, options, (job) => runSteps(steps, context, job));
}

async function runSteps<C extends object>(steps: readonly JobStep<C>[], context: C, job: JobContext): Promise<Record<string, number>> {
  let counts: Record<string, number> = {};
  for (const { step, run } of steps) {
    await job.progress(step, counts);
    const started = Date.now();
    let stepCounts: Record<string, number>;
    try {
      stepCounts = await run({ ...context, runId: job.runId });
    } catch (error) {
      await job.recordStep({ step, durationMs: Date.now() - started, counts: {}, failed: true });
      throw new JobStepError(step, error);
    }
    await job.recordStep({ step, durationMs: Date.now() - started, counts: stepCounts });
    counts = { ...counts, ...stepCounts };
  }
  return counts;
}
