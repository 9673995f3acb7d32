import { db } from "@/server/db";
import { cronRoute } from "@/server/edge/cron-route";
import { runScheduledJobs } from "@/server/jobs/run-scheduled-jobs";
import { createMailerFromEnv } from "@/server/notifications/mailer";

// Metering may take a while on large tenants; never cache, never pre-render.
export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** Call hourly: the day's run, each timezone's local day, then the outbox (runScheduledJobs). */
const handle = cronRoute(async () => {
  const { outcome, report } = await runScheduledJobs(db, { clock: () => new Date(), mailer: createMailerFromEnv() });
  return { outcome, body: report };
});

export const GET = handle;
export const POST = handle;
