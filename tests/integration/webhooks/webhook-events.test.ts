import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { addContract } from "@/server/contracts/add-contract";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { editContract } from "@/server/contracts/edit-contract";
import { editContractSchema } from "@/server/contracts/contract-input";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { deliverWebhooks } from "@/server/webhooks/deliver-webhooks";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { addInput, FAR_FUTURE_NOW, portalInput, QSM } from "../../support/contract-factories";
import { withWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver";

/**
 * Events are written by the changes themselves, in their transactions (docs/webhooks.md#events):
 * a contract added, edited and canceled and an account's status changed each leave one event
 * with the object's data; a refused change leaves none; and they reach a subscribed endpoint above.
 */

let receiver: WebhookReceiver;
withWebhookReceiver((started) => (receiver = started));

const eventsOf = (accountId: string) => db.webhookEvent.findMany({ where: { accountId }, orderBy: [{ createdAt: "asc" }, { type: "asc" }] });

describe("webhook events from the domain", () => {
  it("contracts and account status write their events in the change's transaction", async () => {
    const t = await makeTenant("wh-events");
    const now = FAR_FUTURE_NOW;
    const contract = await addContract(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: portalInput("PAYG", { quantity: 10 }), now });
    let events = await eventsOf(t.customer.id);
    expect(events.map((e) => e.type)).toEqual(["contract.created"]);
    expect(events[0]!.payload).toMatchObject({ id: contract.id, accountId: t.customer.id, service: QSM, type: "PAYG", status: "ACTIVE", quantityThreshold: 10 });

    // Refused: nothing changes, and no event is written.
    await expectAppError(addContract(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: addInput({ type: "NFR", service: "NO-SUCH" }), now }), "INVALID");
    expect(await eventsOf(t.customer.id)).toHaveLength(1);

    await editContract(db, { actor: t.msspAdmin.actor, contractId: contract.id, input: editContractSchema.parse({ quantity: "12" }), now: new Date(now.getTime() + 1000) });
    await cancelContract(db, { actor: t.msspAdmin.actor, contractId: contract.id, input: { reason: "Moved to PAYG" }, now: new Date(now.getTime() + 2000) });
    events = await eventsOf(t.customer.id);
    expect(events.map((e) => e.type)).toEqual(["contract.created", "contract.updated", "contract.canceled"]);
    expect(events[1]!.payload).toMatchObject({ id: contract.id, quantityThreshold: 12, change: { quantityThreshold: { from: 10, to: 12 } } });
    expect(events[2]!.payload).toMatchObject({ id: contract.id, status: "CANCELED", reason: "Moved to PAYG" });

    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "inactivate", reason: "Unpaid" });
    events = (await eventsOf(t.customer.id)).filter((e) => e.type === "account.status_changed");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "account.status_changed", payload: { accountId: t.customer.id, from: "ACTIVE", to: "INACTIVE", reason: "Unpaid" } });
  });

  it("an endpoint above hears the events it subscribes to, each once", async () => {
    const t = await makeTenant("wh-events-e2e");
    const { secret } = await createWebhookEndpoint(db, {
      actor: t.msspAdmin.actor,
      accountId: t.mssp.id,
      input: { url: receiver.url(), description: "PSA", eventTypes: ["contract.created", "contract.canceled"], enabled: true },
      now: new Date("2020-06-01T00:00:00Z"),
    });
    receiver.secrets.add(secret);
    const contract = await addContract(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: portalInput("PAYG", { quantity: 4 }), now: FAR_FUTURE_NOW });
    await editContract(db, { actor: t.msspAdmin.actor, contractId: contract.id, input: editContractSchema.parse({ quantity: "5" }), now: FAR_FUTURE_NOW });
    await cancelContract(db, { actor: t.msspAdmin.actor, contractId: contract.id, input: { reason: "Done" }, now: FAR_FUTURE_NOW });
    const result = await deliverWebhooks(db, { now: FAR_FUTURE_NOW, accountIds: [t.distributor.id] });
    expect(result).toMatchObject({ events: 3, delivered: 2 });
    expect(receiver.rejected).toEqual([]);
    expect(receiver.received.map((r) => r.payload.type).sort()).toEqual(["contract.canceled", "contract.created"]);
    expect(receiver.received.every((r) => r.payload.data.id === contract.id)).toBe(true);
  });
});
