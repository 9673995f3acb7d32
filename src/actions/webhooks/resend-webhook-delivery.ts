"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { queueWebhookResend } from "@/server/webhooks/resend-webhook-delivery";
import { deliveryOutcomeMessage, sendWebhookNow } from "@/server/webhooks/send-webhook-now";

export const resendWebhookDeliveryAction = portalAction(
  z.object({ accountId: idSchema, endpointId: idSchema, deliveryId: idSchema }),
  async ({ accountId, endpointId, deliveryId }, actor) => {
    await queueWebhookResend(db, { actor, accountId, endpointId, deliveryId });
    const delivery = await sendWebhookNow(db, { deliveryId });
    revalidatePath(`/a/${accountId}/webhooks`, "layout");
    return { status: delivery.status === "SUCCEEDED" ? "ok" : "error", message: `Resent: ${deliveryOutcomeMessage(delivery)}`, at: Date.now() };
  },
);
