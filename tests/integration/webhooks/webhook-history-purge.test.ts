import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { deliverWebhooks } from "@/server/webhooks/deliver-webhooks";
import { purgeWebhookHistory, WEBHOOK_HISTORY_DAYS } from "@/server/webhooks/purge-webhook-history";
import { makeTenant } from "../../support/factories";
import { withWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver";

/** The webhook history is kept 30 days (docs/webhooks.md#retention); what still waits is never purged. */

const DAY = 86_400_000;
const T0 = new Date("2033-01-10T08:00:00Z");
let receiver: WebhookReceiver;
withWebhookReceiver((started) => (receiver = started));

describe("webhook history retention", () => {
  it("deletes events, deliveries and log older than 30 days once delivered or failed; keeps recent and waiting ones", async () => {
    const t = await makeTenant("wh-purge");
    const { id: endpointId, secret } = await createWebhookEndpoint(db, {
      actor: t.msspAdmin.actor,
      accountId: t.mssp.id,
      input: { url: receiver.url(), description: "", eventTypes: ["contract.created"], enabled: true },
      now: T0,
    });
    receiver.secrets.add(secret);
    const record = (id: string) => db.$transaction((tx) => recordWebhookEvent(tx, { accountId: t.customer.id, type: "contract.created", data: { id }, now: T0 }));
    await record("delivered");
    await record("waiting");
    receiver.answer = (request) => (request.payload.data.id === "delivered" ? 204 : 500);
    expect(await deliverWebhooks(db, { now: T0, accountIds: [t.distributor.id], random: () => 0.5 })).toMatchObject({ delivered: 1, retrying: 1 });
    const scope = { accountIds: [t.customer.id] };

    // Not 30 days old yet: nothing goes.
    expect(await purgeWebhookHistory(db, { now: new Date(T0.getTime() + (WEBHOOK_HISTORY_DAYS - 1) * DAY), ...scope })).toBe(0);
    const later = new Date(T0.getTime() + (WEBHOOK_HISTORY_DAYS + 1) * DAY);
    expect(await purgeWebhookHistory(db, { now: later, ...scope })).toBe(1);
    const left = await db.webhookEvent.findMany({ where: { accountId: t.customer.id } });
    expect(left.map((event) => (event.payload as { id: string }).id)).toEqual(["waiting"]);
    expect(await db.webhookDelivery.count({ where: { endpointId } })).toBe(1);
    expect(await db.webhookDeliveryAttempt.findMany({ where: { endpointId }, select: { status: true } })).toEqual([{ status: "FAILED" }]);
    // Once it has failed for good, it goes too.
    await db.webhookDelivery.updateMany({ where: { endpointId }, data: { status: "FAILED", nextAttemptAt: null } });
    expect(await purgeWebhookHistory(db, { now: later, ...scope })).toBe(1);
    expect(await db.webhookDeliveryAttempt.count({ where: { endpointId } })).toBe(0);
  });
});
