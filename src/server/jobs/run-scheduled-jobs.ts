import "server-only";
import type { Db } from "@/server/db";
import { deliverDueNotices } from "@/server/notifications/deliver-notices";
import type { Mailer } from "@/server/notifications/mailer";
import { deliverWebhooks } from "@/server/webhooks/deliver-webhooks";
import type { JobOutcome } from "./run-job-once";
import { runDailyJobs } from "./run-daily-jobs";
import { runLocalDayJobs } from "./run-local-day-jobs";

/**
 * One scheduled call (hourly, docs/time-and-days.md): the daily run happens once
 * per UTC day and later calls that day find it done; the local-day work (monthly
 * pool renewals) runs for each billing timezone as its own day begins; then the
 * outbox is drained — on every call, also when the day's run is already done, so
 * retries go out on the next call — and so is the webhook outbox (the day's
 * events, retries that came due; docs/webhooks.md#delivery). The outcome is the daily run's, or "failed"
 * when any local day failed too.
 */
export async function runScheduledJobs(db: Db, options: { clock: () => Date; mailer: Mailer }) {
  const { clock, mailer } = options;
  const now = clock();
  const result = await runDailyJobs(db, { now });
  const localDays = await runLocalDayJobs(db, { now });
  // Due by the clock as it is once the runs are over, which may have taken minutes.
  const notices = await deliverDueNotices(db, { now: clock(), mailer });
  const webhooks = await deliverWebhooks(db, { now: clock() });
  const failed = result.outcome === "failed" || localDays.some((run) => run.outcome === "failed");
  const outcome: JobOutcome["outcome"] = failed ? "failed" : result.outcome;
  const { id, job, period, status, attempt, counts, error } = result.run;
  return { outcome, report: { outcome: result.outcome, run: { id, job, period, status, attempt, counts, error }, localDays, notices, webhooks } };
}
