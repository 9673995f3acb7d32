import "server-only";
import type { Db } from "@/server/db";
import { queueContractExpiryNotices } from "@/server/contracts/queue-contract-expiry-notices";
import { runContractLifecycle } from "@/server/contracts/run-contract-lifecycle";
import { runLocationLicenceLifecycle } from "@/server/locations/run-location-licence-lifecycle";
import { drainPendingTelemetry } from "@/server/metering/fold-telemetry";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { activateEndedTrials } from "@/server/subscriptions/activate-ended-trials";
import { purgeInactiveRecords } from "@/server/subscriptions/purge-inactive-records";
import { failStaleExportJobs, removeExpiredExportJobs } from "@/server/exports/export-jobs";
import { rollUpPackageMonths } from "@/server/metering/roll-up-package-months";
import { runStatements } from "@/server/billing/statements/run-statements";
import { computeSavingsAdvice } from "@/server/billing/advice/compute-savings-advice";
import { raiseAlerts } from "@/server/billing/alerts/raise-alerts";
import type { JobOutcome } from "./run-job-once";
import { purgeIdempotencyKeys } from "@/server/api-keys/purge-idempotency-keys";
import { runJobSteps, type JobStep } from "./run-job-steps";
import { purgeWebhookHistory } from "@/server/webhooks/purge-webhook-history";
import { dropExpiredTelemetryPartitions, ensureTelemetryPartitions } from "@/server/metering/telemetry-partitions";

export const METER_JOB = "meter";

/**
 * The daily scheduled work, once per UTC day, in this order: meter every final
 * day not yet metered (catch-up included), roll up completed months (per
 * service, then per package of customers' subscriptions), compute the savings
 * advice and raise the day's alerts, then the contract
 * lifecycle, trials that ended, contracts' "about to expire" notices, the
 * location-licence lifecycle and its expiry notices (queued in the outbox; the
 * route sends them), the monthly statements (final ones for months that became
 * final, then the drafts of open months), and the retention purge last (after the roll-ups, so a
 * month is always rolled up before records active in it can go), then the telemetry
 * partitions (the next days' made ahead, those past the horizon dropped). Each step is
 * idempotent on its own, so a redone run resumes cleanly. The monthly pool
 * renewal is not here: it runs as each partner's own local day begins
 * (runLocalDayJobs, docs/time-and-days.md).
 */
export const DAILY_STEPS: readonly JobStep<{ db: Db; now: Date }>[] = [
  {
    step: "meter days",
    run: async ({ db, now, runId }) => {
      const daysMetered = await meterDays(db, { now, runId });
      // Batches that arrived while metering held the fold lock: fold them now rather than at the next batch.
      await drainPendingTelemetry(db);
      return { daysMetered };
    },
  },
  { step: "roll up months", run: async ({ db, now, runId }) => ({ monthsRolledUp: await rollUpMonths(db, { now, runId }) }) },
  {
    step: "roll up package months",
    run: async ({ db, now, runId }) => ({ packageMonthsRolledUp: await rollUpPackageMonths(db, { now, runId }) }),
  },
  // After the roll-ups: both read the metered days (docs/money.md#advice, docs/money.md#alerts).
  { step: "savings advice", run: async ({ db, now }) => ({ ...(await computeSavingsAdvice(db, { now })) }) },
  { step: "alerts", run: async ({ db, now }) => ({ ...(await raiseAlerts(db, { now })) }) },
  { step: "contract lifecycle", run: async ({ db, now }) => ({ ...(await runContractLifecycle(db, { now })) }) },
  { step: "ended trials", run: async ({ db, now }) => ({ trialsActivated: await activateEndedTrials(db, { now }) }) },
  {
    step: "contract expiry notices",
    run: async ({ db, now }) => {
      const notices = await queueContractExpiryNotices(db, { now });
      return { contractNoticesQueued: notices.queued, contractNoticesSkipped: notices.skipped };
    },
  },
  { step: "location licences", run: async ({ db, now }) => ({ ...(await runLocationLicenceLifecycle(db, { now })) }) },
  // After the roll-ups and the lifecycles: final statements of the months that became final, then drafts (docs/money.md#statements).
  { step: "statements", run: async ({ db, now }) => ({ ...(await runStatements(db, { now })) }) },
  {
    // Idempotent: files already gone are no error; jobs a dead process left running are marked failed.
    step: "export files",
    run: async ({ db, now }) => ({
      exportJobsStopped: await failStaleExportJobs(db, { now }),
      exportFilesRemoved: await removeExpiredExportJobs(db, { now }),
    }),
  },
  {
    step: "retention purge",
    run: async ({ db, now, runId }) => {
      const purge = await purgeInactiveRecords(db, { now, runId });
      const idempotencyKeysPurged = await purgeIdempotencyKeys(db, now);
      const webhookEventsPurged = await purgeWebhookHistory(db, { now });
      return { devicesPurged: purge.devices, endUsersPurged: purge.endUsers, idempotencyKeysPurged, webhookEventsPurged };
    },
  },
  {
    // The dedupe keys' days: made ahead, and dropped past the telemetry horizon (docs/metering.md#bounded-dedupe-storage).
    step: "telemetry partitions",
    run: async ({ db, now }) => ({
      telemetryPartitionsCreated: (await ensureTelemetryPartitions(db, now)).length,
      telemetryPartitionsDropped: (await dropExpiredTelemetryPartitions(db, now)).length,
    }),
  },
];

/** The day's run (job "meter", period = the UTC day): DAILY_STEPS once, resumed from the first step if it failed. */
export async function runDailyJobs(db: Db, options: { now: Date }): Promise<JobOutcome> {
  const { now } = options;
  const period = now.toISOString().slice(0, 10);
  return runJobSteps(db, { job: METER_JOB, period, now: () => now }, DAILY_STEPS, { db, now });
}
