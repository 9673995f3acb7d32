import "server-only";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { getWebhookEndpointInReach } from "./get-webhook-endpoint";
import { generateWebhookSecret } from "./webhook-secret";

/**
 * Replaces an endpoint's signing secret at once: every post from now on, retries
 * included, is signed with the new one, which is returned this once.
 */
export async function rollWebhookSecret(db: Db, options: { actor: Actor; accountId: string; endpointId: string }): Promise<{ secret: string }> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { account, endpoint } = await getWebhookEndpointInReach(tx, { ...options, lock: true });
    const secret = generateWebhookSecret();
    await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { secret } });
    await recordAuditEvent(tx, actor, { accountId: account.id, action: "webhook_endpoint.secret_rolled", objectType: "webhook_endpoint", objectId: endpoint.id });
    return { secret };
  });
}
