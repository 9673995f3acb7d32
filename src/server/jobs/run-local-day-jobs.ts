import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { todayIn } from "@/lib/dates";
import type { Db } from "@/server/db";
import { renewMonthlyPools } from "@/server/pools/renew-monthly-pools";
import type { JobOutcome } from "./run-job-once";
import { runJobSteps, type JobStep } from "./run-job-steps";

export const LOCAL_DAY_JOB = "local-day";

export interface LocalDayRun {
  timezone: string;
  day: string;
  outcome: JobOutcome["outcome"];
  counts: Record<string, unknown> | null;
}

/** The run key of a timezone's local day: one run per (zone, local day), like the daily run's UTC day. */
export const localDayPeriod = (timezone: string, day: string): string => `${day} ${timezone}`;

/** The steps of one timezone's local day, in order (one today). */
export const LOCAL_DAY_STEPS: readonly JobStep<{ db: Db; now: Date; timezone: string; partnerIds?: string[] }>[] = [
  {
    step: "pool renewals",
    run: async ({ db, now, timezone, partnerIds }) => ({ ...(await renewMonthlyPools(db, { now, timezones: [timezone], partnerIds })) }),
  },
];

/**
 * The per-account work that must happen as an account's own local day begins,
 * not when the next UTC day's run comes round (docs/time-and-days.md): today
 * the monthly pool renewal, so a New York partner is renewed at its local
 * midnight on the 1st and points credited during its 1st cannot change what its
 * automatic exchange buys. Called on every scheduled call (hourly): for each
 * billing timezone of partners with monthly pools, the (zone, local day) run
 * record is claimed once; a zone whose day has not turned since the last call
 * finds its run done and costs one lookup. The renewal itself stays keyed by
 * (pool, month), so a redone or concurrent run never renews twice.
 */
export async function runLocalDayJobs(
  db: Db,
  options: {
    now: Date;
    /** Only these partners (tests that share a database with others); the scheduled route does all. */
    partnerIds?: string[];
  },
): Promise<LocalDayRun[]> {
  const { now, partnerIds } = options;
  const zones = await db.$queryRaw<{ timezone: string }[]>`
    SELECT DISTINCT a.billing_timezone AS timezone
    FROM monthly_pools p JOIN accounts a ON a.id = p.account_id
    WHERE a.status <> 'INACTIVE'
      ${partnerIds ? Prisma.sql`AND a.id = ANY(${partnerIds}::uuid[])` : Prisma.empty}
    ORDER BY 1`;
  const runs: LocalDayRun[] = [];
  for (const { timezone } of zones) {
    const day = todayIn(timezone, now);
    const period = localDayPeriod(timezone, day);
    const result = await runJobSteps(db, { job: LOCAL_DAY_JOB, period, now: () => now }, LOCAL_DAY_STEPS, { db, now, timezone, partnerIds });
    runs.push({ timezone, day, outcome: result.outcome, counts: (result.run.counts as Record<string, unknown> | null) ?? null });
  }
  return runs;
}
