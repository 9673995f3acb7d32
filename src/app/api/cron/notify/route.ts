import { db } from "@/server/db";
import { cronRoute } from "@/server/edge/cron-route";
import { deliverDueNotices } from "@/server/notifications/deliver-notices";
import { createMailerFromEnv } from "@/server/notifications/mailer";

export const dynamic = "force-dynamic";
export const maxDuration = 120;

/**
 * Sends the notices waiting in the outbox (new ones and retries that came due).
 * /api/cron/meter does the same after its daily run; call this one every few
 * minutes so a retry after an SMTP failure does not wait for the next day.
 */
const handle = cronRoute(async () => {
  const notices = await deliverDueNotices(db, { now: new Date(), mailer: createMailerFromEnv() });
  return { outcome: "ran", body: { notices } };
});

export const GET = handle;
export const POST = handle;
