import { describe, expect, it, vi } from "vitest";
import type { WebhookEventType } from "@/lib/webhook-events";
import { db } from "@/server/db";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { deliverWebhooks } from "@/server/webhooks/deliver-webhooks";
import { rollWebhookSecret } from "@/server/webhooks/roll-webhook-secret";
import { RETRY_WINDOW_MS, webhookRetryDelayMs } from "@/server/webhooks/webhook-retries";
import { makeTenant } from "../../support/factories";
import { withWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver";

/**
 * The webhook outbox against a real HTTP receiver on 127.0.0.1 that checks every
 * signature with the standardwebhooks verifier (docs/webhooks.md): each event once
 * per subscribed endpoint in reach, retries after a 500, a redelivery with the same
 * webhook-id after a crash between post and mark, concurrent runs that never post
 * one attempt twice, and an endpoint switched off after failing for 3 days.
 * Clocks pinned to 2031; signatures carry the real time (receivers check it).
 */

const T0 = new Date("2031-03-01T10:00:00Z");
const after = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;
// The jitter's middle draw: every retry exactly its base delay.
const random = () => 0.5;

let receiver: WebhookReceiver;
withWebhookReceiver((started) => (receiver = started));

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

async function endpoint(t: Tenant, accountId: string, eventTypes: WebhookEventType[], path = "/hooks") {
  const actor = accountId === t.customer.id ? t.customerAdmin.actor : t.msspAdmin.actor;
  const created = await createWebhookEndpoint(db, { actor, accountId, input: { url: receiver.url(path), description: "", eventTypes, enabled: true }, now: T0 });
  receiver.secrets.add(created.secret);
  return created;
}

async function event(accountId: string, type: WebhookEventType, data: Record<string, string>, now = T0) {
  await db.$transaction((tx) => recordWebhookEvent(tx, { accountId, type, data, now }));
}

const run = (t: Tenant, now: Date, extra: Partial<Parameters<typeof deliverWebhooks>[1]> = {}) =>
  deliverWebhooks(db, { now, accountIds: [t.distributor.id], random, ...extra });

describe("webhook delivery", () => {
  it("posts each event once to every subscribed endpoint whose account reaches it, signed", async () => {
    const t = await makeTenant("wh-fanout");
    const msspHook = await endpoint(t, t.mssp.id, ["contract.created", "account.status_changed"], "/mssp");
    const customerHook = await endpoint(t, t.customer.id, ["contract.created"], "/customer");
    await event(t.customer.id, "contract.created", { id: "c-1" });
    await event(t.grandCustomer.id, "contract.created", { id: "c-2" });
    // Above the MSSP: neither endpoint reaches the distributor.
    await event(t.distributor.id, "contract.created", { id: "c-3" });
    // Nobody subscribed to this type.
    await event(t.customer.id, "usage.month_finalized", { month: "2031-02" });

    expect(await run(t, T0)).toMatchObject({ events: 4, delivered: 3, retrying: 0, failed: 0 });
    expect(receiver.rejected).toEqual([]);
    const seen = receiver.received.map((r) => `${r.secret === msspHook.secret ? "mssp" : r.secret === customerHook.secret ? "customer" : "?"}:${String(r.payload.data.id)}`);
    expect(seen.sort()).toEqual(["customer:c-1", "mssp:c-1", "mssp:c-2"]);
    for (const received of receiver.received) {
      expect(received.payload.type).toBe("contract.created");
      expect(received.payload.timestamp).toBe(T0.toISOString());
      expect(received.id).toMatch(/^evt_[0-9a-f]{32}$/);
    }
    // One event, two endpoints: the same webhook-id at both.
    const c1 = receiver.received.filter((r) => r.payload.data.id === "c-1");
    expect(new Set(c1.map((r) => r.id)).size).toBe(1);

    // A second run finds nothing new; nothing is posted twice.
    expect(await run(t, after(MINUTE))).toMatchObject({ events: 0, delivered: 0, retrying: 0 });
    expect(receiver.received).toHaveLength(3);
    const log = await db.webhookDeliveryAttempt.findMany({ where: { endpointId: msspHook.id } });
    expect(log.map((row) => [row.attempt, row.status, row.responseCode])).toEqual([
      [1, "SUCCEEDED", 204],
      [1, "SUCCEEDED", 204],
    ]);
  });

  it("an endpoint added after an event does not receive it; a switched-off one receives nothing", async () => {
    const t = await makeTenant("wh-later");
    await event(t.customer.id, "contract.created", { id: "before" }, new Date(T0.getTime() - MINUTE));
    const hook = await endpoint(t, t.mssp.id, ["contract.created"]);
    await db.webhookEndpoint.update({ where: { id: hook.id }, data: { enabled: false } });
    await event(t.customer.id, "contract.created", { id: "while-off" });
    expect(await run(t, T0)).toMatchObject({ events: 2, delivered: 0 });
    expect(receiver.received).toEqual([]);
  });

  it("retries after the receiver answers 500, with a growing delay, and logs every attempt", async () => {
    const t = await makeTenant("wh-retry");
    const hook = await endpoint(t, t.mssp.id, ["contract.canceled"]);
    await event(t.customer.id, "contract.canceled", { id: "c-9" });
    let failures = 2;
    receiver.answer = () => (failures-- > 0 ? 500 : 200);

    expect(await run(t, T0)).toMatchObject({ delivered: 0, retrying: 1 });
    const first = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } });
    expect(first).toMatchObject({ status: "PENDING", attempts: 1, lastResponseCode: 500, nextAttemptAt: after(webhookRetryDelayMs(1, random)) });
    expect(webhookRetryDelayMs(1, random)).toBe(MINUTE);
    // Not due yet: nothing is posted.
    expect(await run(t, after(30_000))).toMatchObject({ delivered: 0, retrying: 0 });
    expect(await run(t, after(MINUTE))).toMatchObject({ retrying: 1 });
    const second = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } });
    expect(second.nextAttemptAt).toEqual(after(MINUTE + 2 * MINUTE));
    expect(await run(t, after(3 * MINUTE))).toMatchObject({ delivered: 1, retrying: 0 });

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    const log = await db.webhookDeliveryAttempt.findMany({ where: { endpointId: hook.id }, orderBy: { attempt: "asc" } });
    expect(log.map((row) => [row.attempt, row.status, row.responseCode, row.attemptedAt.toISOString()])).toEqual([
      [1, "FAILED", 500, T0.toISOString()],
      [2, "FAILED", 500, after(MINUTE).toISOString()],
      [3, "SUCCEEDED", 200, after(3 * MINUTE).toISOString()],
    ]);
    const endpointRow = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    expect(endpointRow.failingSince).toBeNull();
  });

  it("a crash between the post and its mark is posted again, with the same webhook-id", async () => {
    const t = await makeTenant("wh-crash");
    const hook = await endpoint(t, t.mssp.id, ["statement.finalized"]);
    await event(t.customer.id, "statement.finalized", { id: "s-1" });
    await expect(
      run(t, T0, {
        afterPost: () => {
          throw new Error("process died");
        },
      }),
    ).rejects.toThrow("process died");
    expect(receiver.received).toHaveLength(1);
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } })).toMatchObject({ status: "SENDING", attempts: 1 });

    // While the claim is fresh another run leaves it alone; once stale, it is taken over.
    expect(await run(t, T0)).toMatchObject({ delivered: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(await run(t, T0, { staleAfterMs: 0 })).toMatchObject({ delivered: 1 });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.id).toBe(receiver.received[0]!.id);
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } })).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
  });

  it("two runs at once never post one attempt twice", async () => {
    const t = await makeTenant("wh-race");
    await endpoint(t, t.mssp.id, ["alert.triggered"]);
    for (let i = 0; i < 25; i++) await event(t.customer.id, "alert.triggered", { id: `a-${i}` });
    receiver.delayMs = 15;
    const [one, two] = await Promise.all([run(t, T0), run(t, T0)]);
    expect(one.delivered + two.delivered).toBe(25);
    expect(receiver.received).toHaveLength(25);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(25);
  });

  it("signs with the new secret once it is rolled", async () => {
    const t = await makeTenant("wh-roll");
    const hook = await endpoint(t, t.mssp.id, ["contract.updated"]);
    receiver.secrets.clear();
    const { secret } = await rollWebhookSecret(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, endpointId: hook.id });
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets.add(secret);
    await event(t.customer.id, "contract.updated", { id: "c-5" });
    expect(await run(t, T0)).toMatchObject({ delivered: 1 });
    expect(receiver.received[0]!.secret).toBe(secret);
  });

  it("refuses at delivery a URL that now resolves to a private address (SSRF), without connecting", async () => {
    const t = await makeTenant("wh-ssrf");
    const hook = await endpoint(t, t.mssp.id, ["contract.created"]);
    await event(t.customer.id, "contract.created", { id: "c-7" });
    vi.stubEnv("WEBHOOKS_ALLOW_PRIVATE_URLS", "");
    try {
      expect(await run(t, T0)).toMatchObject({ delivered: 0, retrying: 1 });
    } finally {
      vi.stubEnv("WEBHOOKS_ALLOW_PRIVATE_URLS", "1");
    }
    expect(receiver.received).toEqual([]);
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } });
    expect(row.lastResponseCode).toBeNull();
    expect(row.lastError).toMatch(/non-public/);
  });

  it("gives up after 3 days and switches the failing endpoint off, with a notice to its account", async () => {
    const t = await makeTenant("wh-dead");
    const hook = await endpoint(t, t.mssp.id, ["pool.renewal_shortfall", "contract.created"]);
    receiver.answer = () => 503;
    await event(t.customer.id, "pool.renewal_shortfall", { id: "p-1" });
    expect(await run(t, T0)).toMatchObject({ retrying: 1, disabledEndpoints: 0 });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } })).failingSince).toEqual(T0);
    // Still failing a day later: still on.
    expect(await run(t, after(RETRY_WINDOW_MS / 3))).toMatchObject({ retrying: 1, disabledEndpoints: 0 });
    expect(await run(t, after(RETRY_WINDOW_MS))).toMatchObject({ failed: 1, disabledEndpoints: 1 });

    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    expect(row).toMatchObject({ enabled: false, disabledReason: "FAILING", disabledAt: after(RETRY_WINDOW_MS) });
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } })).toMatchObject({ status: "FAILED", nextAttemptAt: null });
    const notices = await db.notice.findMany({ where: { accountId: t.mssp.id, kind: "webhook.endpoint_disabled" } });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.recipients).toEqual([t.msspAdmin.email.toLowerCase()]);
    expect(notices[0]!.body).toContain(receiver.url());

    // Switched off: a later event is not queued for it, and nothing more is posted.
    const posted = receiver.received.length;
    await event(t.customer.id, "contract.created", { id: "c-later" }, after(RETRY_WINDOW_MS + MINUTE));
    expect(await run(t, after(RETRY_WINDOW_MS + 2 * MINUTE))).toMatchObject({ delivered: 0, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(posted);
  });
});
