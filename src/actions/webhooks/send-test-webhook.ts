"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { queueTestWebhook } from "@/server/webhooks/send-test-webhook";
import { deliveryOutcomeMessage, sendWebhookNow } from "@/server/webhooks/send-webhook-now";

export const sendTestWebhookAction = portalAction(z.object({ accountId: idSchema, endpointId: idSchema }), async ({ accountId, endpointId }, actor) => {
  const { deliveryId } = await queueTestWebhook(db, { actor, accountId, endpointId });
  const delivery = await sendWebhookNow(db, { deliveryId });
  revalidatePath(`/a/${accountId}/webhooks`, "layout");
  return { status: delivery.status === "SUCCEEDED" ? "ok" : "error", message: `Test event: ${deliveryOutcomeMessage(delivery)}`, at: Date.now() };
});
