import "server-only";
import { TEST_EVENT_TYPE } from "@/lib/webhook-events";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { getWebhookEndpointInReach } from "./get-webhook-endpoint";

/**
 * Queues a `webhook.test` event for this one endpoint (also a switched-off one):
 * it is never fanned out to other endpoints. The caller posts it at once
 * (sendWebhookNow); a failure is retried like any other delivery.
 */
export async function queueTestWebhook(db: Db, options: { actor: Actor; accountId: string; endpointId: string; now?: Date }): Promise<{ deliveryId: string }> {
  const { actor } = options;
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { account, endpoint } = await getWebhookEndpointInReach(tx, options);
    const event = await tx.webhookEvent.create({
      data: {
        accountId: account.id,
        type: TEST_EVENT_TYPE,
        payload: { endpointId: endpoint.id, accountId: account.id, message: "A test event from the MSP License Portal." },
        createdAt: now,
        fannedOutAt: now,
      },
    });
    const delivery = await tx.webhookDelivery.create({
      data: { accountId: account.id, eventId: event.id, endpointId: endpoint.id, status: "PENDING", nextAttemptAt: now, createdAt: now },
    });
    await recordAuditEvent(tx, actor, { accountId: account.id, action: "webhook_endpoint.test_sent", objectType: "webhook_endpoint", objectId: endpoint.id, after: { event: event.id } });
    return { deliveryId: delivery.id };
  });
}
