import "server-only";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { webhookEndpointView, type WebhookEndpointView } from "./get-webhook-endpoint";

export interface WebhookEndpointRow extends WebhookEndpointView {
  /** Deliveries waiting for their first attempt or a retry. */
  waiting: number;
}

/** The account's endpoints, newest first; an account has a handful, so the list is not paged. */
export async function listWebhookEndpoints(db: DbTx, options: { actor: Actor; accountId: string }): Promise<WebhookEndpointRow[]> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:manage", account);
  const endpoints = await db.webhookEndpoint.findMany({ where: { accountId: account.id }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  const waiting = await db.webhookDelivery.groupBy({
    by: ["endpointId"],
    where: { accountId: account.id, status: { in: ["PENDING", "SENDING"] } },
    _count: { _all: true },
  });
  const waitingOf = new Map(waiting.map((row) => [row.endpointId, row._count._all]));
  return endpoints.map((endpoint) => ({ ...webhookEndpointView(endpoint), waiting: waitingOf.get(endpoint.id) ?? 0 }));
}
