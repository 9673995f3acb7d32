import { Prisma } from "@/generated/prisma/client";
import { todayIn } from "@/lib/dates";
import type { Db } from "@/server/db";
import { renewMonthlyPools } from "@/server/pools/renew-monthly-pools";
import { runJobOnce, type JobOutcome } from "./run-job-once";

export const LOCAL_DAY_JOB = "local-day";

export interface LocalDayRun {
  timezone: string;
  day: string;
  outcome: JobOutcome["outcome"];
  counts: Record<string, unknown> | null;
}

/** The run key of a timezone's local day: one run per (zone, local day), like the daily run's UTC day. */
export const localDayPeriod = (timezone: string, day: string): string => `${day} ${timezone}`;

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
    const result = await runJobOnce(db, { job: LOCAL_DAY_JOB, period: localDayPeriod(timezone, day), now: () => now }, async ({ progress }) => {
      await progress("pool renewals");
      const renewals = await renewMonthlyPools(db, { now, timezones: [timezone], partnerIds });
      return { ...renewals };
    });
    runs.push({ timezone, day, outcome: result.outcome, counts: (result.run.counts as Record<string, unknown> | null) ?? null });
  }
  return runs;
}
