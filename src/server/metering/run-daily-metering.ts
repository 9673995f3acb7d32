import type { Db } from "@/server/db";
import { queueContractExpiryNotices } from "@/server/contracts/queue-contract-expiry-notices";
import { runContractLifecycle } from "@/server/contracts/run-contract-lifecycle";
import { runLocationLicenceLifecycle } from "@/server/locations/run-location-licence-lifecycle";
import { runJobOnce, type JobOutcome } from "@/server/jobs/run-job-once";
import { meterDays } from "./meter-days";
import { rollUpMonths } from "./roll-up-months";

export const METER_JOB = "meter";

/**
 * The daily scheduled work, once per UTC day: meter every final day not yet
 * metered (catch-up included), roll up completed months, then the contract
 * lifecycle and its "about to expire" notices, then the location-licence
 * lifecycle and its expiry notices (queued in the outbox; the route sends them). Each step is idempotent on its own, so a redone run resumes cleanly.
 */
export async function runDailyMetering(db: Db, options: { now: Date }): Promise<JobOutcome> {
  const { now } = options;
  const period = now.toISOString().slice(0, 10);
  return runJobOnce(db, { job: METER_JOB, period, now: () => now }, async ({ runId, progress }) => {
    await progress("metering days");
    const daysMetered = await meterDays(db, { now, runId });
    await progress("rolling up months", { daysMetered });
    const monthsRolledUp = await rollUpMonths(db, { now, runId });
    await progress("contract lifecycle", { daysMetered, monthsRolledUp });
    const lifecycle = await runContractLifecycle(db, { now });
    await progress("contract expiry notices", { daysMetered, monthsRolledUp });
    const contractNotices = await queueContractExpiryNotices(db, { now });
    await progress("location licences", { daysMetered, monthsRolledUp });
    const licences = await runLocationLicenceLifecycle(db, { now });
    return {
      daysMetered,
      monthsRolledUp,
      ...lifecycle,
      contractNoticesQueued: contractNotices.queued,
      contractNoticesSkipped: contractNotices.skipped,
      ...licences,
    };
  });
}
