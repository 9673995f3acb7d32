import "server-only";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { getWebhookEndpointInReach } from "./get-webhook-endpoint";

/** Deletes an endpoint with its deliveries and their log; the events stay for the account's other endpoints. */
export async function deleteWebhookEndpoint(db: Db, options: { actor: Actor; accountId: string; endpointId: string }) {
  const { actor } = options;
  await db.$transaction(async (tx) => {
    const { account, endpoint } = await getWebhookEndpointInReach(tx, { ...options, lock: true });
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "webhook_endpoint.deleted",
      objectType: "webhook_endpoint",
      objectId: endpoint.id,
      before: { url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes },
    });
  });
}
