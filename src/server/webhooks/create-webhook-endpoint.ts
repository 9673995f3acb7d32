import "server-only";
import { invalid } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import type { WebhookEndpointInput } from "./webhook-endpoint-input";
import { generateWebhookSecret } from "./webhook-secret";
import { webhookUrlProblem } from "./webhook-url";

/** Refuses a URL the SSRF rule forbids, as an error on the `url` field. */
export async function assertWebhookUrlAllowed(url: string): Promise<void> {
  const problem = await webhookUrlProblem(url);
  if (problem) throw invalid("Check the highlighted fields.", { url: [problem] });
}

/**
 * Adds an endpoint to the account (docs/webhooks.md#endpoints). Its signing
 * secret is returned this once; afterwards only "Roll secret" shows a new one.
 */
export async function createWebhookEndpoint(
  db: Db,
  options: { actor: Actor; accountId: string; input: WebhookEndpointInput; now?: Date },
): Promise<{ id: string; secret: string }> {
  const { actor, input } = options;
  // Resolving the host takes a moment: done before the transaction (and again at every
  // delivery), but only for a caller who may add an endpoint here.
  const reached = await getAccountInReach(db, actor, options.accountId);
  assertCan(actor, "account:manage", reached.account);
  await assertWebhookUrlAllowed(input.url);
  return db.$transaction(async (tx) => {
    const { account } = await getAccountInReach(tx, actor, options.accountId);
    assertCan(actor, "account:manage", account);
    const secret = generateWebhookSecret();
    const now = options.now ?? new Date();
    const endpoint = await tx.webhookEndpoint.create({
      data: {
        accountId: account.id,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        enabled: input.enabled,
        disabledAt: input.enabled ? null : now,
        disabledReason: input.enabled ? null : "MANUAL",
        secret,
        createdBy: actor.email,
        createdAt: now,
      },
    });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "webhook_endpoint.created",
      objectType: "webhook_endpoint",
      objectId: endpoint.id,
      after: { url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes, enabled: endpoint.enabled },
    });
    return { id: endpoint.id, secret };
  });
}
