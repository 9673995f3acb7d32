import "server-only";
import { conflict, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { webhookMessageId } from "@/lib/webhook-events";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { getWebhookEndpointInReach } from "./get-webhook-endpoint";

/**
 * "Resend": queues a delivery of this endpoint again, due now, with the same
 * event id (receivers that already have it can drop it). The caller posts it at
 * once (sendWebhookNow). One being posted right now is refused.
 */
export async function queueWebhookResend(
  db: Db,
  options: { actor: Actor; accountId: string; endpointId: string; deliveryId: string; now?: Date },
): Promise<{ deliveryId: string }> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { account, endpoint } = await getWebhookEndpointInReach(tx, options);
    if (!isUuid(options.deliveryId)) throw notFound("Delivery");
    const delivery = await tx.webhookDelivery.findFirst({ where: { id: options.deliveryId, endpointId: endpoint.id, accountId: account.id } });
    if (!delivery) throw notFound("Delivery");
    const queued = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: { not: "SENDING" } },
      data: { status: "PENDING", nextAttemptAt: options.now ?? new Date() },
    });
    if (queued.count === 0) throw conflict("This event is being sent right now; look at the log again in a moment.");
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "webhook_delivery.resent",
      objectType: "webhook_endpoint",
      objectId: endpoint.id,
      after: { event: webhookMessageId(delivery.eventId) },
    });
    return { deliveryId: delivery.id };
  });
}
