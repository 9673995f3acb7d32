import { db } from "@/server/db";
import { cronRoute } from "@/server/edge/cron-route";
import { deliverWebhooks } from "@/server/webhooks/deliver-webhooks";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/**
 * Sends the webhook outbox: new events to their endpoints, and retries that came
 * due (docs/webhooks.md#delivery). /api/cron/meter does the same after its daily
 * run; call this one every minute or so, so that events and retries do not wait an hour.
 */
const handle = cronRoute(async () => {
  const webhooks = await deliverWebhooks(db, { now: new Date() });
  return { outcome: "ran", body: { webhooks } };
});

export const GET = handle;
export const POST = handle;
