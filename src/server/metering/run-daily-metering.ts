import type { Db } from "@/server/db";
import { queueContractExpiryNotices } from "@/server/contracts/queue-contract-expiry-notices";
import { runContractLifecycle } from "@/server/contracts/run-contract-lifecycle";
import { runLocationLicenceLifecycle } from "@/server/locations/run-location-licence-lifecycle";
import { runJobOnce, type JobOutcome } from "@/server/jobs/run-job-once";
import { activateEndedTrials } from "@/server/subscriptions/activate-ended-trials";
import { purgeInactiveRecords } from "@/server/subscriptions/purge-inactive-records";
import { rollUpPackageMonths } from "@/server/metering/roll-up-package-months";
import { drainPendingTelemetry } from "./fold-telemetry";
import { meterDays } from "./meter-days";
import { rollUpMonths } from "./roll-up-months";

export const METER_JOB = "meter";

/**
 * The daily scheduled work, once per UTC day: meter every final day not yet
 * metered (catch-up included), roll up completed months (per service, then per
 * package of customers' subscriptions), then the contract lifecycle, trials
 * that ended, contracts' "about to expire" notices, the location-licence
 * lifecycle and its expiry notices (queued in the outbox; the route sends
 * them), and the retention purge last (after the roll-ups, so a month is
 * always rolled up before records active in it can go). Each step is
 * idempotent on its own, so a redone run resumes cleanly. The monthly pool
 * renewal is not here: it runs as each partner's own local day begins
 * (runLocalDayJobs, docs/time-and-days.md).
 */
export async function runDailyMetering(db: Db, options: { now: Date }): Promise<JobOutcome> {
  const { now } = options;
  const period = now.toISOString().slice(0, 10);
  return runJobOnce(db, { job: METER_JOB, period, now: () => now }, async ({ runId, progress }) => {
    await progress("metering days");
    const daysMetered = await meterDays(db, { now, runId });
    // Batches that arrived while metering held the fold lock: fold them now rather than at the next batch.
    await drainPendingTelemetry(db);
    await progress("rolling up months", { daysMetered });
    const monthsRolledUp = await rollUpMonths(db, { now, runId });
    const packageMonthsRolledUp = await rollUpPackageMonths(db, { now, runId });
    await progress("contract lifecycle", { daysMetered, monthsRolledUp, packageMonthsRolledUp });
    const lifecycle = await runContractLifecycle(db, { now });
    const trialsActivated = await activateEndedTrials(db, { now });
    await progress("contract expiry notices", { daysMetered, monthsRolledUp, packageMonthsRolledUp, trialsActivated });
    const contractNotices = await queueContractExpiryNotices(db, { now });
    await progress("location licences", { daysMetered, monthsRolledUp, packageMonthsRolledUp, trialsActivated });
    const licences = await runLocationLicenceLifecycle(db, { now });
    await progress("retention purge", { daysMetered, monthsRolledUp, packageMonthsRolledUp, trialsActivated });
    const purge = await purgeInactiveRecords(db, { now, runId });
    return {
      daysMetered,
      monthsRolledUp,
      packageMonthsRolledUp,
      ...lifecycle,
      trialsActivated,
      contractNoticesQueued: contractNotices.queued,
      contractNoticesSkipped: contractNotices.skipped,
      ...licences,
      devicesPurged: purge.devices,
      endUsersPurged: purge.endUsers,
    };
  });
}
