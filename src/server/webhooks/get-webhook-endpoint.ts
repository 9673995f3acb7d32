import "server-only";
import type { WebhookEndpoint } from "@/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach, type AccountInReach } from "@/server/accounts/get-account-in-reach";

/**
 * An endpoint of the account in the URL, for a caller who may manage that account.
 * Another account's endpoint, or one out of reach, is "not found" (never "forbidden").
 * `lock` takes the row lock, so two edits of one endpoint queue.
 */
export async function getWebhookEndpointInReach(
  db: DbTx,
  options: { actor: Actor; accountId: string; endpointId: string; lock?: boolean },
): Promise<{ account: AccountInReach["account"]; endpoint: WebhookEndpoint }> {
  const { actor } = options;
  const { account } = await getAccountInReach(db, actor, options.accountId);
  assertCan(actor, "account:manage", account);
  if (!isUuid(options.endpointId)) throw notFound("Webhook endpoint");
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: options.endpointId, accountId: account.id, ...reachableTenantWhere(actor.grants) } });
  if (!endpoint) throw notFound("Webhook endpoint");
  if (options.lock) await db.$queryRaw`SELECT id FROM webhook_endpoints WHERE id = ${endpoint.id}::uuid FOR UPDATE`;
  return { account, endpoint };
}

/**
 * The account of an endpoint the caller reaches, for calls that name only the endpoint (the API);
 * out of reach or missing is "not found". The caller then acts through that account as the page does.
 */
export async function webhookEndpointAccountId(db: DbTx, options: { actor: Actor; endpointId: string }): Promise<string> {
  if (!isUuid(options.endpointId)) throw notFound("Webhook endpoint");
  const row = await db.webhookEndpoint.findFirst({ where: { id: options.endpointId, ...reachableTenantWhere(options.actor.grants) }, select: { accountId: true } });
  if (!row) throw notFound("Webhook endpoint");
  return row.accountId;
}

/** What an endpoint looks like to people and the API: never its secret. */
export function webhookEndpointView(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.id,
    accountId: endpoint.accountId,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    disabledAt: endpoint.disabledAt,
    disabledReason: endpoint.disabledReason,
    failingSince: endpoint.failingSince,
    createdBy: endpoint.createdBy,
    createdAt: endpoint.createdAt,
  };
}

export type WebhookEndpointView = ReturnType<typeof webhookEndpointView>;
