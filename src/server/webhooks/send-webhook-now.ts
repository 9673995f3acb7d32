import "server-only";
import type { WebhookDelivery } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { deliverWebhooks } from "./deliver-webhooks";

/**
 * Posts one queued delivery right away, for "Send test event" and "Resend", and
 * returns it as it stands afterwards (delivered, or waiting for its next retry).
 */
export async function sendWebhookNow(db: Db, options: { deliveryId: string; now?: Date }): Promise<WebhookDelivery> {
  await deliverWebhooks(db, { now: options.now ?? new Date(), deliveryIds: [options.deliveryId] });
  return db.webhookDelivery.findUniqueOrThrow({ where: { id: options.deliveryId } });
}

/** What a person is told after a post: the receiver's answer and how long it took. */
export function deliveryOutcomeMessage(delivery: Pick<WebhookDelivery, "status" | "lastResponseCode" | "lastLatencyMs" | "lastError">): string {
  const timing = delivery.lastLatencyMs === null ? "" : ` in ${delivery.lastLatencyMs} ms`;
  if (delivery.status === "SUCCEEDED") return `Delivered: the receiver answered HTTP ${delivery.lastResponseCode}${timing}.`;
  if (delivery.status === "SENDING") return "The event is being sent right now.";
  const reason = delivery.lastError ?? "It was not delivered.";
  return delivery.status === "FAILED" ? `Not delivered: ${reason}` : `Not delivered yet: ${reason} It will be retried.`;
}
