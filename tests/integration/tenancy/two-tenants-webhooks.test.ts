import { describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/reach";
import { db } from "@/server/db";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "@/server/webhooks/delete-webhook-endpoint";
import { deliverWebhooks } from "@/server/webhooks/deliver-webhooks";
import { getWebhookEndpointInReach } from "@/server/webhooks/get-webhook-endpoint";
import { listWebhookAttempts } from "@/server/webhooks/list-webhook-attempts";
import { listWebhookEndpoints } from "@/server/webhooks/list-webhook-endpoints";
import { queueWebhookResend } from "@/server/webhooks/resend-webhook-delivery";
import { rollWebhookSecret } from "@/server/webhooks/roll-webhook-secret";
import { queueTestWebhook } from "@/server/webhooks/send-test-webhook";
import { setWebhookEndpointEnabled } from "@/server/webhooks/set-webhook-endpoint-enabled";
import { updateWebhookEndpoint } from "@/server/webhooks/update-webhook-endpoint";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { withWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver";

/**
 * Webhooks across tenants (docs/webhooks.md#endpoints): tenant A's admin can neither list, read,
 * edit, switch, delete, roll, test, resend nor see the log of tenant B's endpoints — NOT_FOUND
 * exactly as for a missing id, whichever account the call names — a customer does not reach
 * its partner's endpoints, and an endpoint never receives another tenant's events.
 */

const MISSING = "00000000-0000-4000-8000-000000000000";
const NOW = new Date("2032-05-01T09:00:00Z");
let receiver: WebhookReceiver;
withWebhookReceiver((started) => (receiver = started));

async function tenantWithEndpoint(label: string) {
  const t = await makeTenant(label);
  const { id, secret } = await createWebhookEndpoint(db, {
    actor: t.msspAdmin.actor,
    accountId: t.mssp.id,
    input: { url: receiver.url(`/${label}`), description: label, eventTypes: ["contract.created", "alert.triggered"], enabled: true },
    now: NOW,
  });
  receiver.secrets.add(secret);
  await db.$transaction((tx) => recordWebhookEvent(tx, { accountId: t.customer.id, type: "contract.created", data: { id: `${label}-contract` }, now: NOW }));
  return { t, endpointId: id, secret };
}

const input = { url: "http://127.0.0.1:9/x", description: "taken over", eventTypes: ["alert.triggered" as const], enabled: true };

/** Every read and write of an endpoint, as `actor` naming `accountId` and the endpoint (and delivery) ids. */
function everyCall(actor: Actor, accountId: string, endpointId: string, deliveryId: string): [string, () => Promise<unknown>][] {
  const target = { actor, accountId, endpointId };
  return [
    ["read", () => getWebhookEndpointInReach(db, target)],
    ["edit", () => updateWebhookEndpoint(db, { ...target, input })],
    ["switch off", () => setWebhookEndpointEnabled(db, { ...target, enabled: false })],
    ["roll secret", () => rollWebhookSecret(db, target)],
    ["send test", () => queueTestWebhook(db, target)],
    ["resend", () => queueWebhookResend(db, { ...target, deliveryId })],
    ["delivery log", () => listWebhookAttempts(db, { ...target, pageSize: 20 })],
    ["delete", () => deleteWebhookEndpoint(db, target)],
  ];
}

describe("two tenants: webhooks", () => {
  it("A reaches none of B's endpoints, deliveries or logs: NOT_FOUND, as for a missing id", async () => {
    const a = await tenantWithEndpoint("wh-ten-a");
    const b = await tenantWithEndpoint("wh-ten-b");
    await deliverWebhooks(db, { now: NOW, accountIds: [a.t.distributor.id, b.t.distributor.id] });
    const bDelivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: b.endpointId } });
    const attacker = a.t.msspAdmin.actor;

    await expectAppError(listWebhookEndpoints(db, { actor: attacker, accountId: b.t.mssp.id }), "NOT_FOUND");
    for (const accountId of [b.t.mssp.id, a.t.mssp.id]) {
      for (const [what, call] of everyCall(attacker, accountId, b.endpointId, bDelivery.id)) {
        const error = await expectAppError(call(), "NOT_FOUND");
        expect(error.message, what).not.toContain(b.endpointId);
      }
    }
    // B's delivery through A's own endpoint: not found either.
    await expectAppError(queueWebhookResend(db, { actor: attacker, accountId: a.t.mssp.id, endpointId: a.endpointId, deliveryId: bDelivery.id }), "NOT_FOUND");
    // The same answers as for ids that do not exist.
    for (const [, call] of everyCall(attacker, a.t.mssp.id, MISSING, MISSING)) await expectAppError(call(), "NOT_FOUND");

    // Nothing of B's changed.
    const bRow = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: b.endpointId } });
    expect(bRow).toMatchObject({ enabled: true, description: "wh-ten-b", secret: b.secret, eventTypes: ["contract.created", "alert.triggered"] });
    expect(await db.webhookDelivery.count({ where: { endpointId: b.endpointId } })).toBe(1);

    // A sees only its own.
    const listed = await listWebhookEndpoints(db, { actor: attacker, accountId: a.t.mssp.id });
    expect(listed.map((row) => row.id)).toEqual([a.endpointId]);
    expect(JSON.stringify(listed)).not.toContain(a.secret);
  });

  it("a customer does not reach its partner's endpoints, and a viewer may not manage them", async () => {
    const a = await tenantWithEndpoint("wh-ten-up");
    for (const [, call] of everyCall(a.t.customerAdmin.actor, a.t.mssp.id, a.endpointId, MISSING)) await expectAppError(call(), "NOT_FOUND");
    for (const [, call] of everyCall(a.t.customerAdmin.actor, a.t.customer.id, a.endpointId, MISSING)) await expectAppError(call(), "NOT_FOUND");
    await expectAppError(listWebhookEndpoints(db, { actor: a.t.msspViewer.actor, accountId: a.t.mssp.id }), "FORBIDDEN");
    await expectAppError(getWebhookEndpointInReach(db, { actor: a.t.msspViewer.actor, accountId: a.t.mssp.id, endpointId: a.endpointId }), "FORBIDDEN");
  });

  it("an endpoint never receives another tenant's events", async () => {
    const a = await tenantWithEndpoint("wh-ten-ev-a");
    const b = await tenantWithEndpoint("wh-ten-ev-b");
    await deliverWebhooks(db, { now: NOW, accountIds: [a.t.distributor.id, b.t.distributor.id] });
    expect(receiver.rejected).toEqual([]);
    const bySecret = (secret: string) => receiver.received.filter((r) => r.secret === secret).map((r) => r.payload.data.id);
    expect(bySecret(a.secret)).toEqual(["wh-ten-ev-a-contract"]);
    expect(bySecret(b.secret)).toEqual(["wh-ten-ev-b-contract"]);
    // Each delivery row belongs to its endpoint's tenant.
    const aRows = await db.webhookDelivery.findMany({ where: { endpointId: a.endpointId }, include: { event: true } });
    expect(aRows.map((row) => [row.accountId, row.event.accountId])).toEqual([[a.t.mssp.id, a.t.customer.id]]);
  });
});
