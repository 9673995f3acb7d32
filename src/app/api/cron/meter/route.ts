import { NextResponse } from "next/server";
import { db } from "@/server/db";
import { cronAuthorised, cronUnauthorised } from "@/server/edge/cron-route";
import { runLocalDayJobs } from "@/server/jobs/run-local-day-jobs";
import { runDailyMetering } from "@/server/jobs/run-daily-jobs";
import { deliverDueNotices } from "@/server/notifications/deliver-notices";
import { createMailerFromEnv } from "@/server/notifications/mailer";

// Metering may take a while on large tenants; never cache, never pre-render.
export const dynamic = "force-dynamic";
export const maxDuration = 300;

/**
 * Call hourly (docs/time-and-days.md): the daily run happens once per UTC day
 * and later calls that day find it done; the local-day work (monthly pool
 * renewals) runs for each billing timezone as its own day begins.
 */
async function handle(request: Request): Promise<Response> {
  if (!cronAuthorised(request)) return cronUnauthorised();
  const now = new Date();
  const result = await runDailyMetering(db, { now });
  const localDays = await runLocalDayJobs(db, { now });
  // Every call drains the outbox, also when the day's run is already done: retries go out on the next call.
  const notices = await deliverDueNotices(db, { now: new Date(), mailer: createMailerFromEnv() });
  const body = {
    outcome: result.outcome,
    run: {
      id: result.run.id,
      job: result.run.job,
      period: result.run.period,
      status: result.run.status,
      attempt: result.run.attempt,
      counts: result.run.counts,
      error: result.run.error,
    },
    localDays,
    notices,
  };
  const failed = result.outcome === "failed" || localDays.some((run) => run.outcome === "failed");
  return NextResponse.json(body, { status: failed ? 500 : result.outcome === "running" ? 409 : 200 });
}

export const GET = handle;
export const POST = handle;
