import "server-only";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { getWebhookEndpointInReach } from "./get-webhook-endpoint";

/**
 * Switches an endpoint off (it receives no new events and nothing waiting is
 * sent) or on again (what waits is sent, and the 3 days of failures count afresh).
 */
export async function setWebhookEndpointEnabled(
  db: Db,
  options: { actor: Actor; accountId: string; endpointId: string; enabled: boolean; now?: Date },
) {
  const { actor, enabled } = options;
  return db.$transaction(async (tx) => {
    const { account, endpoint } = await getWebhookEndpointInReach(tx, { ...options, lock: true });
    if (endpoint.enabled === enabled) return endpoint;
    const updated = await tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: enabled
        ? { enabled, disabledAt: null, disabledReason: null, failingSince: null }
        : { enabled, disabledAt: options.now ?? new Date(), disabledReason: "MANUAL" },
    });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: enabled ? "webhook_endpoint.enabled" : "webhook_endpoint.disabled",
      objectType: "webhook_endpoint",
      objectId: endpoint.id,
      before: { enabled: endpoint.enabled },
      after: { enabled },
    });
    return updated;
  });
}
