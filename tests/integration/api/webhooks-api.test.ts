import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";
import { deliverWebhooks } from "@/server/webhooks/deliver-webhooks";
import { makeTenant } from "../../support/factories";
import { apiClient, expectEveryDocumentedStatus, expectProtocolAnswers } from "../../support/api/api-client";
import { withWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver";

/**
 * Webhook endpoints through the typed client (docs/webhooks.md, docs/api.md): add (secret once),
 * list, read, edit, roll, the delivery log and Resend, delete — every status each operation
 * documents, and another tenant's endpoints answered exactly as missing ones.
 */

const MISSING = "00000000-0000-4000-8000-000000000000";
let receiver: WebhookReceiver;
withWebhookReceiver((started) => (receiver = started));
afterEach(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

async function tenantWithKeys(label: string) {
  const t = await makeTenant(label);
  const write = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "PSA" });
  const read = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Reports" });
  await db.apiKey.update({ where: { id: read.id }, data: { scope: "READ_ONLY" } });
  return { t, write: apiClient(write.key), read: apiClient(read.key) };
}

const path = (endpointId: string) => ({ params: { path: { endpointId } } });

describe("webhooks API through the typed client", () => {
  it("adds, lists, reads, edits, rolls, shows the log, resends and deletes", async () => {
    const { t, write, read } = await tenantWithKeys("api-webhooks");
    const created = await write.POST("/webhook-endpoints", { body: { accountId: t.mssp.id, url: receiver.url(), eventTypes: ["contract.created"] } });
    expect(created.response.status).toBe(201);
    const { endpoint, secret } = created.data!;
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ accountId: t.mssp.id, url: receiver.url(), description: "", eventTypes: ["contract.created"], enabled: true, disabledAt: null });
    expect(JSON.stringify(endpoint)).not.toContain(secret);
    receiver.secrets.add(secret);

    // 400 naming the field (nothing written); 404 for an account out of reach; 403 for a read-only key.
    const bad = await write.POST("/webhook-endpoints", { body: { accountId: t.mssp.id, url: "", eventTypes: [] } });
    expect([bad.response.status, Object.keys(bad.error!.error.fields!).sort()]).toEqual([400, ["eventTypes", "url"]]);
    const ftp = await write.POST("/webhook-endpoints", { body: { accountId: t.mssp.id, url: "ftp://example.com/in", eventTypes: ["contract.created"] } });
    expect([ftp.response.status, ftp.error!.error.fields]).toEqual([400, { url: ["The URL must start with https:// (or http://)."] }]);
    const tooBig = await write.POST("/webhook-endpoints", { body: { accountId: t.mssp.id, url: receiver.url(), eventTypes: ["contract.created"], padding: "x".repeat(300 * 1024) } as never });
    expect(tooBig.response.status).toBe(413);
    expect((await write.POST("/webhook-endpoints", { body: { accountId: MISSING, url: receiver.url(), eventTypes: ["contract.created"] } })).response.status).toBe(404);
    const readOnly = await read.POST("/webhook-endpoints", { body: { accountId: t.mssp.id, url: receiver.url(), eventTypes: ["contract.created"] } });
    expect([readOnly.response.status, readOnly.error!.error.code]).toEqual([403, "READ_ONLY_KEY"]);
    expect(await db.webhookEndpoint.count({ where: { accountId: t.mssp.id } })).toBe(1);

    // Reads: a read-only key acts as a viewer, who may not manage webhooks.
    const listed = await write.GET("/webhook-endpoints", { params: { query: { accountId: t.mssp.id } } });
    expect(listed.data).toEqual({ data: [endpoint], nextCursor: null });
    expect((await read.GET("/webhook-endpoints", { params: { query: { accountId: t.mssp.id } } })).response.status).toBe(403);
    expect((await write.GET("/webhook-endpoints", { params: { query: { accountId: MISSING } } })).response.status).toBe(404);
    expect((await write.GET("/webhook-endpoints", { params: { query: { accountId: t.mssp.id, limit: 5 } as never } })).response.status).toBe(400);
    const got = await write.GET("/webhook-endpoints/{endpointId}", path(endpoint.id));
    expect(got.data).toEqual(endpoint);
    const etag = got.response.headers.get("ETag")!;
    expect((await write.GET("/webhook-endpoints/{endpointId}", { params: { path: { endpointId: endpoint.id }, header: { "If-None-Match": etag } } })).response.status).toBe(304);
    expect((await read.GET("/webhook-endpoints/{endpointId}", path(endpoint.id))).response.status).toBe(403);
    expect((await write.GET("/webhook-endpoints/{endpointId}", path("not-an-id"))).response.status).toBe(404);

    // Edit only what is given.
    const edited = await write.PATCH("/webhook-endpoints/{endpointId}", { ...path(endpoint.id), body: { description: "PSA", eventTypes: ["statement.finalized", "contract.created"] } });
    expect(edited.data).toMatchObject({ url: receiver.url(), description: "PSA", eventTypes: ["contract.created", "statement.finalized"], enabled: true });
    const badEdit = await write.PATCH("/webhook-endpoints/{endpointId}", { ...path(endpoint.id), body: { url: "http://" } });
    expect([badEdit.response.status, Object.keys(badEdit.error!.error.fields!)]).toEqual([400, ["url"]]);
    expect((await write.PATCH("/webhook-endpoints/{endpointId}", { ...path(MISSING), body: { enabled: false } })).response.status).toBe(404);
    expect((await write.PATCH("/webhook-endpoints/{endpointId}", { ...path(endpoint.id), body: { enabled: false, padding: "x".repeat(300 * 1024) } as never })).response.status).toBe(413);
    expect((await read.PATCH("/webhook-endpoints/{endpointId}", { ...path(endpoint.id), body: { enabled: false } })).response.status).toBe(403);

    // Roll: the new secret signs what follows.
    const rolled = await write.POST("/webhook-endpoints/{endpointId}/roll-secret", path(endpoint.id));
    expect(rolled.response.status).toBe(200);
    expect(rolled.data!.secret).not.toBe(secret);
    receiver.secrets.clear();
    receiver.secrets.add(rolled.data!.secret);
    expect((await write.POST("/webhook-endpoints/{endpointId}/roll-secret", path(MISSING))).response.status).toBe(404);
    expect((await read.POST("/webhook-endpoints/{endpointId}/roll-secret", path(endpoint.id))).response.status).toBe(403);

    // An event, delivered; the log; Resend posts it again with the same webhook-id.
    await db.$transaction((tx) => recordWebhookEvent(tx, { accountId: t.customer.id, type: "contract.created", data: { id: "c-api" } }));
    await deliverWebhooks(db, { now: new Date(), accountIds: [t.distributor.id] });
    const log = await write.GET("/webhook-endpoints/{endpointId}/attempts", { params: { path: { endpointId: endpoint.id }, query: { limit: 10 } } });
    expect(log.data!.data).toHaveLength(1);
    const [attempt] = log.data!.data;
    expect(attempt).toMatchObject({ eventType: "contract.created", attempt: 1, status: "SUCCEEDED", responseCode: 204 });
    expect(attempt!.webhookId).toBe(receiver.received[0]!.id);
    const badCursor = await write.GET("/webhook-endpoints/{endpointId}/attempts", { params: { path: { endpointId: endpoint.id }, query: { cursor: "bm9wZQ" } } });
    expect(badCursor.response.status).toBe(400);
    expect((await write.GET("/webhook-endpoints/{endpointId}/attempts", path(MISSING))).response.status).toBe(404);
    expect((await read.GET("/webhook-endpoints/{endpointId}/attempts", path(endpoint.id))).response.status).toBe(403);

    const resendPath = (endpointId: string, deliveryId: string) => ({ params: { path: { endpointId, deliveryId } } });
    const resent = await write.POST("/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend", resendPath(endpoint.id, attempt!.deliveryId));
    expect(resent.data).toMatchObject({ deliveryId: attempt!.deliveryId, attempt: 2, status: "SUCCEEDED", webhookId: attempt!.webhookId });
    expect(receiver.received.map((r) => r.id)).toEqual([attempt!.webhookId, attempt!.webhookId]);
    await db.webhookDelivery.update({ where: { id: attempt!.deliveryId }, data: { status: "SENDING" } });
    const busy = await write.POST("/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend", resendPath(endpoint.id, attempt!.deliveryId));
    expect(busy.response.status).toBe(409);
    expect((await write.POST("/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend", resendPath(endpoint.id, MISSING))).response.status).toBe(404);
    expect((await read.POST("/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend", resendPath(endpoint.id, attempt!.deliveryId))).response.status).toBe(403);

    // Delete.
    expect((await read.DELETE("/webhook-endpoints/{endpointId}", path(endpoint.id))).response.status).toBe(403);
    const deleted = await write.DELETE("/webhook-endpoints/{endpointId}", path(endpoint.id));
    expect(deleted.data).toEqual({ id: endpoint.id, deleted: true });
    expect((await write.DELETE("/webhook-endpoints/{endpointId}", path(endpoint.id))).response.status).toBe(404);
    expect(await db.webhookEndpoint.count({ where: { accountId: t.mssp.id } })).toBe(0);
  });

  it("another tenant's endpoints answer exactly as missing ones", async () => {
    const a = await tenantWithKeys("api-webhooks-a");
    const b = await tenantWithKeys("api-webhooks-b");
    const bEndpoint = (await b.write.POST("/webhook-endpoints", { body: { accountId: b.t.mssp.id, url: receiver.url(), eventTypes: ["alert.triggered"] } })).data!.endpoint;
    const answers = [
      await a.write.GET("/webhook-endpoints", { params: { query: { accountId: b.t.mssp.id } } }),
      await a.write.GET("/webhook-endpoints/{endpointId}", path(bEndpoint.id)),
      await a.write.PATCH("/webhook-endpoints/{endpointId}", { ...path(bEndpoint.id), body: { enabled: false } }),
      await a.write.POST("/webhook-endpoints/{endpointId}/roll-secret", path(bEndpoint.id)),
      await a.write.GET("/webhook-endpoints/{endpointId}/attempts", path(bEndpoint.id)),
      await a.write.POST("/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend", { params: { path: { endpointId: bEndpoint.id, deliveryId: MISSING } } }),
      await a.write.DELETE("/webhook-endpoints/{endpointId}", path(bEndpoint.id)),
      await a.write.POST("/webhook-endpoints", { body: { accountId: b.t.customer.id, url: receiver.url(), eventTypes: ["alert.triggered"] } }),
    ];
    expect(answers.map((answer) => [answer.response.status, answer.error?.error.code])).toEqual(Array(answers.length).fill([404, "NOT_FOUND"]));
    const missing = await a.write.GET("/webhook-endpoints/{endpointId}", path(MISSING));
    expect(answers[1]!.error).toEqual(missing.error);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: bEndpoint.id } })).toMatchObject({ enabled: true });
  });

  it("no key → 401 and past the rate limit → 429, on every operation", async () => {
    const { t, write } = await tenantWithKeys("api-webhooks-limits");
    const calls = (client: ReturnType<typeof apiClient>) => [
      () => client.GET("/webhook-endpoints", { params: { query: { accountId: t.mssp.id } } }),
      () => client.GET("/webhook-endpoints/{endpointId}", path(MISSING)),
      () => client.POST("/webhook-endpoints", { body: { accountId: MISSING, url: "https://example.com", eventTypes: ["alert.triggered"] } }),
      () => client.PATCH("/webhook-endpoints/{endpointId}", { ...path(MISSING), body: {} }),
      () => client.DELETE("/webhook-endpoints/{endpointId}", path(MISSING)),
      () => client.POST("/webhook-endpoints/{endpointId}/roll-secret", path(MISSING)),
      () => client.GET("/webhook-endpoints/{endpointId}/attempts", path(MISSING)),
      () => client.POST("/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend", { params: { path: { endpointId: MISSING, deliveryId: MISSING } } }),
    ];
    for (const call of calls(apiClient(null))) expect((await call()).response.status).toBe(401);
    process.env.API_RATE_LIMIT_PER_MINUTE = "1";
    for (const call of calls(write)) {
      let status = 0;
      for (let attempt = 0; attempt < 5 && status !== 429; attempt++) status = (await call()).response.status;
      expect(status).toBe(429);
    }
  });

  it("exercised every status the document gives the webhooks operations", async () => {
    await expectProtocolAnswers("Webhooks");
    expectEveryDocumentedStatus("Webhooks");
  });
});
