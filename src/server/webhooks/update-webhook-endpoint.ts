import "server-only";
import type { Db } from "@/server/db";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertWebhookUrlAllowed } from "./create-webhook-endpoint";
import { getWebhookEndpointInReach } from "./get-webhook-endpoint";
import type { WebhookEndpointInput } from "./webhook-endpoint-input";

/**
 * Edits an endpoint: URL, description, events, on or off. Switching it on again
 * clears its failure record, so the 3 days count afresh (docs/webhooks.md#disabling).
 */
export async function updateWebhookEndpoint(
  db: Db,
  options: { actor: Actor; accountId: string; endpointId: string; input: WebhookEndpointInput; now?: Date },
) {
  const { actor, input } = options;
  // Out of reach is "not found" before any lookup of the URL's host.
  await getWebhookEndpointInReach(db, options);
  await assertWebhookUrlAllowed(input.url);
  return db.$transaction(async (tx) => {
    const { account, endpoint } = await getWebhookEndpointInReach(tx, { ...options, lock: true });
    const now = options.now ?? new Date();
    const switchedOn = input.enabled && !endpoint.enabled;
    const switchedOff = !input.enabled && endpoint.enabled;
    const updated = await tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: {
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        enabled: input.enabled,
        ...(switchedOn ? { disabledAt: null, disabledReason: null, failingSince: null } : {}),
        ...(switchedOff ? { disabledAt: now, disabledReason: "MANUAL" } : {}),
      },
    });
    const shape = (row: typeof endpoint) => ({ url: row.url, description: row.description, eventTypes: row.eventTypes, enabled: row.enabled });
    const { before, after } = changedFields(shape(endpoint), shape(updated));
    if (Object.keys(after).length > 0) {
      await recordAuditEvent(tx, actor, { accountId: account.id, action: "webhook_endpoint.updated", objectType: "webhook_endpoint", objectId: endpoint.id, before, after });
    }
    return updated;
  });
}
