import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { makeTenant } from "../../support/factories";
import { apiClient, expectEveryDocumentedStatus } from "../../support/api/api-client";

/**
 * Contracts through the typed client (openapi-fetch over the types generated from the
 * document): every operation, every status it documents, and the API's safe-retry rules —
 * Idempotency-Key, ETag / If-Match and the per-key rate limit (docs/api.md).
 */

const MISSING = "00000000-0000-4000-8000-000000000000";

async function tenantWithKeys(label: string) {
  const t = await makeTenant(label);
  const write = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "PSA" });
  const read = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Reports" });
  await db.apiKey.update({ where: { id: read.id }, data: { scope: "READ_ONLY" } });
  return { t, write: apiClient(write.key), read: apiClient(read.key), writeKey: write.key, keyId: write.id };
}

const payg = (accountId: string, quantity = 5) => ({ accountId, service: "quantum-spark-management", type: "PAYG" as const, quantity, addOns: ["QSM-ADD-TP"] });

const rateLimitBefore = process.env.API_RATE_LIMIT_PER_MINUTE;
afterEach(() => {
  if (rateLimitBefore === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
  else process.env.API_RATE_LIMIT_PER_MINUTE = rateLimitBefore;
});

describe("contracts API through the typed client", () => {
  it("lists, reads, adds, edits and cancels with the UI's rules and refusal codes", async () => {
    const { t, write, read } = await tenantWithKeys("typed-contracts");

    const created = await write.POST("/contracts", { body: payg(t.customer.id) });
    expect(created.response.status).toBe(201);
    const contract = created.data!;
    expect(contract).toMatchObject({ accountId: t.customer.id, type: "PAYG", quantityThreshold: 5, addOns: ["QSM-ADD-TP"], status: "ACTIVE", cancelReason: null });
    expect(created.response.headers.get("RateLimit-Limit")).toBe("600");

    // 400 naming the fields; 404 for an account out of reach; 409 and 422 from the rules; 403 for a read-only key.
    const bad = await write.POST("/contracts", { body: { ...payg(t.customer.id), quantity: 0 } });
    expect(bad.response.status).toBe(400);
    expect(bad.error!.error.fields).toEqual({ quantity: ["The quantity must be at least 1."] });
    expect((await write.POST("/contracts", { body: payg(MISSING) })).response.status).toBe(404);
    const duplicate = await write.POST("/contracts", { body: payg(t.customer.id) });
    expect([duplicate.response.status, duplicate.error!.error.code]).toEqual([409, "PAYG_ALREADY_ACTIVE"]);
    const nfr = await write.POST("/contracts", { body: { accountId: t.customer.id, service: "harmony-browse", type: "NFR", addOns: [] } });
    expect([nfr.response.status, nfr.error!.error.code]).toEqual([422, "NFR_NOT_FOR_CUSTOMER"]);
    const readOnly = await read.POST("/contracts", { body: payg(t.childMssp.id) });
    expect([readOnly.response.status, readOnly.error!.error.code]).toEqual([403, "READ_ONLY_KEY"]);
    expect(await db.contract.count({ where: { accountId: t.childMssp.id } })).toBe(0);

    // Lists page by cursor; a read-only key reads; filters are the UI's.
    await write.POST("/contracts", { body: { ...payg(t.customer.id), service: "harmony-browse", addOns: [] } });
    const first = await read.GET("/contracts", { params: { query: { accountId: t.customer.id, limit: 1 } } });
    expect(first.data!.data).toHaveLength(1);
    const second = await read.GET("/contracts", { params: { query: { accountId: t.customer.id, limit: 1, cursor: first.data!.nextCursor! } } });
    expect(second.data!.data).toHaveLength(1);
    expect(second.data!.nextCursor).toBeNull();
    expect([...first.data!.data, ...second.data!.data].map((c) => c.contractId)).toEqual(
      [...first.data!.data, ...second.data!.data].map((c) => c.contractId).sort(),
    );
    expect((await read.GET("/contracts", { params: { query: { accountId: t.customer.id, type: "NFR" } } })).data!.data).toEqual([]);
    const badQuery = await read.GET("/contracts", { params: { query: { accountId: t.customer.id, limit: 500 } } });
    expect([badQuery.response.status, Object.keys(badQuery.error!.error.fields!)]).toEqual([400, ["limit"]]);
    const badCursor = await read.GET("/contracts", { params: { query: { accountId: t.customer.id, cursor: "bm9wZQ" } } });
    expect([badCursor.response.status, badCursor.error!.error.fields]).toEqual([400, { cursor: ["Pass the nextCursor of the previous page, unchanged."] }]);
    expect((await read.GET("/contracts", { params: { query: { accountId: MISSING } } })).response.status).toBe(404);

    // One contract: ETag, 304 with If-None-Match, 404.
    const got = await read.GET("/contracts/{contractId}", { params: { path: { contractId: contract.id } } });
    const etag = got.response.headers.get("ETag")!;
    expect(etag).toMatch(/^".+"$/);
    expect(got.data).toEqual(contract);
    const notModified = await read.GET("/contracts/{contractId}", { params: { path: { contractId: contract.id }, header: { "If-None-Match": etag } } });
    expect(notModified.response.status).toBe(304);
    expect((await read.GET("/contracts/{contractId}", { params: { path: { contractId: "not-an-id" } } })).response.status).toBe(404);

    // Edit: If-Match current → 200 with a new ETag; stale → 412 and nothing changes.
    const edited = await write.PATCH("/contracts/{contractId}", { params: { path: { contractId: contract.id }, header: { "If-Match": etag } }, body: { quantity: 7, addAddOns: [], removeAddOns: [] } });
    expect([edited.response.status, edited.data!.quantityThreshold]).toEqual([200, 7]);
    expect(edited.response.headers.get("ETag")).not.toBe(etag);
    const stale = await write.PATCH("/contracts/{contractId}", { params: { path: { contractId: contract.id }, header: { "If-Match": etag } }, body: { quantity: 9, addAddOns: [], removeAddOns: [] } });
    expect([stale.response.status, stale.error!.error.code]).toEqual([412, "PRECONDITION_FAILED"]);
    expect((await db.contract.findUniqueOrThrow({ where: { id: contract.id } })).quantity).toBe(7);
    const badEdit = await write.PATCH("/contracts/{contractId}", { params: { path: { contractId: contract.id } }, body: { quantity: -1, addAddOns: [], removeAddOns: [] } });
    expect(badEdit.response.status).toBe(400);
    expect((await read.PATCH("/contracts/{contractId}", { params: { path: { contractId: contract.id } }, body: { quantity: 8, addAddOns: [], removeAddOns: [] } })).response.status).toBe(403);
    expect((await write.PATCH("/contracts/{contractId}", { params: { path: { contractId: MISSING } }, body: { quantity: 8, addAddOns: [], removeAddOns: [] } })).response.status).toBe(404);

    // Cancel: 400 without a reason, 412 stale, 200, then the rules refuse (422) canceling or editing it again.
    const fresh = (await read.GET("/contracts/{contractId}", { params: { path: { contractId: contract.id } } })).response.headers.get("ETag")!;
    expect((await write.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: contract.id } }, body: { reason: "" } })).response.status).toBe(400);
    expect((await write.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: contract.id }, header: { "If-Match": etag } }, body: { reason: "Moved to a subscription" } })).response.status).toBe(412);
    expect((await read.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: contract.id } }, body: { reason: "Moved to a subscription" } })).response.status).toBe(403);
    expect((await write.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: MISSING } }, body: { reason: "Moved to a subscription" } })).response.status).toBe(404);
    const canceled = await write.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: contract.id }, header: { "If-Match": fresh } }, body: { reason: "Moved to a subscription" } });
    expect([canceled.response.status, canceled.data!.status, canceled.data!.cancelReason]).toEqual([200, "CANCELED", "Moved to a subscription"]);
    const again = await write.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: contract.id } }, body: { reason: "Twice" } });
    expect([again.response.status, again.error!.error.code]).toEqual([422, "ALREADY_CANCELED"]);
    const editCanceled = await write.PATCH("/contracts/{contractId}", { params: { path: { contractId: contract.id } }, body: { quantity: 3, addAddOns: [], removeAddOns: [] } });
    expect([editCanceled.response.status, editCanceled.error!.error.code]).toEqual([422, "CONTRACT_NOT_ACTIVE"]);
  });

  it("Idempotency-Key: the same request replays its first answer once; another request with the key is refused; a running one is told to wait", async () => {
    const { t, write, keyId } = await tenantWithKeys("typed-idem");
    const headers = { "Idempotency-Key": "order-4711" };
    const first = await write.POST("/contracts", { params: { header: headers }, body: payg(t.customer.id) });
    const replay = await write.POST("/contracts", { params: { header: headers }, body: payg(t.customer.id) });
    expect([first.response.status, replay.response.status]).toEqual([201, 201]);
    expect(replay.data).toEqual(first.data);
    expect(replay.response.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await db.contract.count({ where: { accountId: t.customer.id } })).toBe(1);

    const other = await write.POST("/contracts", { params: { header: headers }, body: payg(t.customer.id, 6) });
    expect([other.response.status, other.error!.error.code, other.error!.error.fields]).toEqual([422, "IDEMPOTENCY_KEY_REUSED", { "Idempotency-Key": ["Already used with a different request."] }]);

    // A refusal is an answer too: replayed, not re-run.
    const refusedKey = { "Idempotency-Key": "order-4712" };
    const refused = await write.POST("/contracts", { params: { header: refusedKey }, body: payg(t.customer.id) });
    await db.contract.updateMany({ where: { accountId: t.customer.id }, data: { canceledAt: new Date(), cancelReason: "test" } });
    const refusedAgain = await write.POST("/contracts", { params: { header: refusedKey }, body: payg(t.customer.id) });
    expect([refused.response.status, refusedAgain.response.status, refusedAgain.error!.error.code]).toEqual([409, 409, "PAYG_ALREADY_ACTIVE"]);

    // A first request still running (claimed, no answer yet) → 409; once it is over 60 s old a retry takes it over.
    const inFlight = await db.apiIdempotencyKey.create({
      data: { accountId: t.mssp.id, apiKeyId: keyId, key: "order-4713", requestHash: "x" },
    });
    const running = await write.POST("/contracts", { params: { header: { "Idempotency-Key": "order-4713" } }, body: payg(t.childMssp.id) });
    expect([running.response.status, running.error!.error.code]).toEqual([422, "IDEMPOTENCY_KEY_REUSED"]);
    const { requestHash } = await import("@/server/api/idempotency");
    const body = JSON.stringify(payg(t.childMssp.id));
    await db.apiIdempotencyKey.update({ where: { id: inFlight.id }, data: { requestHash: requestHash("POST", "/api/v1/contracts", body) } });
    const waiting = await write.POST("/contracts", { params: { header: { "Idempotency-Key": "order-4713" } }, body: payg(t.childMssp.id) });
    expect([waiting.response.status, waiting.error!.error.code]).toEqual([409, "IDEMPOTENCY_KEY_IN_USE"]);
    await db.apiIdempotencyKey.update({ where: { id: inFlight.id }, data: { createdAt: new Date(Date.now() - 61_000) } });
    const takenOver = await write.POST("/contracts", { params: { header: { "Idempotency-Key": "order-4713" } }, body: payg(t.childMssp.id) });
    expect(takenOver.response.status).toBe(201);

    // The same key sent twice at once: one contract, both answered alike or one told to wait.
    const key = { "Idempotency-Key": "order-4714" };
    const [a, b] = await Promise.all([
      write.POST("/contracts", { params: { header: key }, body: { ...payg(t.grandCustomer.id), service: "harmony-browse", addOns: [] } }),
      write.POST("/contracts", { params: { header: key }, body: { ...payg(t.grandCustomer.id), service: "harmony-browse", addOns: [] } }),
    ]);
    // The second either replays the first's answer or, arriving while it runs, is told to wait.
    expect([[201, 201], [201, 409]]).toContainEqual([a.response.status, b.response.status].sort());
    expect(await db.contract.count({ where: { accountId: t.grandCustomer.id } })).toBe(1);

    const badKey = await write.POST("/contracts", { params: { header: { "Idempotency-Key": "x".repeat(300) } }, body: payg(t.grandCustomer.id) });
    expect([badKey.response.status, Object.keys(badKey.error!.error.fields!)]).toEqual([400, ["Idempotency-Key"]]);
  });

  it("two edits sent with the same ETag at once: one applies, the other gets 412", async () => {
    const { t, write } = await tenantWithKeys("typed-etag");
    const contract = (await write.POST("/contracts", { body: payg(t.customer.id) })).data!;
    const etag = (await write.GET("/contracts/{contractId}", { params: { path: { contractId: contract.id } } })).response.headers.get("ETag")!;
    const edit = (quantity: number) =>
      write.PATCH("/contracts/{contractId}", { params: { path: { contractId: contract.id }, header: { "If-Match": etag } }, body: { quantity, addAddOns: [], removeAddOns: [] } });
    const answers = await Promise.all([edit(11), edit(12)]);
    expect(answers.map((answer) => answer.response.status).sort()).toEqual([200, 412]);
    const winner = answers.find((answer) => answer.response.status === 200)!.data!.quantityThreshold;
    expect((await db.contract.findUniqueOrThrow({ where: { id: contract.id } })).quantity).toBe(winner);
  });

  it("per-key rate limit, shared by every instance: 429 with Retry-After and RateLimit-* headers; another key is not limited", async () => {
    const { t, write } = await tenantWithKeys("typed-rate");
    const other = await tenantWithKeys("typed-rate-other");
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    // The window is counted in the database: requests through two handler instances add up.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await write.GET("/contracts", { params: { query: { accountId: t.customer.id } } }));
    // Requests may straddle a minute boundary: then the window restarts and the fourth is allowed.
    const fourth = await write.GET("/contracts", { params: { query: { accountId: t.customer.id } } });
    const refused = fourth.response.status === 429 ? fourth : await write.GET("/contracts", { params: { query: { accountId: t.customer.id } } });
    expect(answers.map((answer) => answer.response.status)).toEqual([200, 200, 200]);
    expect(refused.response.status).toBe(429);
    expect(refused.error!.error.code).toBe("RATE_LIMITED");
    expect(Number(refused.response.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(refused.response.headers.get("RateLimit-Remaining")).toBe("0");
    expect((await other.write.GET("/contracts", { params: { query: { accountId: other.t.customer.id } } })).response.status).toBe(200);
    // Every operation answers 429 past the limit (a call that lands in a new window just counts in it).
    for (const op of [
      () => write.GET("/contracts/{contractId}", { params: { path: { contractId: MISSING } } }),
      () => write.POST("/contracts", { body: payg(t.customer.id) }),
      () => write.PATCH("/contracts/{contractId}", { params: { path: { contractId: MISSING } }, body: { addAddOns: [], removeAddOns: [] } }),
      () => write.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: MISSING } }, body: { reason: "why not" } }),
    ]) {
      let status = 0;
      for (let attempt = 0; attempt < 5 && status !== 429; attempt++) status = (await op()).response.status;
      expect(status).toBe(429);
    }
  });

  it("no key or a bad key → 401 on every operation", async () => {
    const anonymous = apiClient(null);
    const bogus = apiClient("mlp_nothing");
    for (const client of [anonymous, bogus]) {
      expect((await client.GET("/contracts", { params: { query: { accountId: MISSING } } })).response.status).toBe(401);
      expect((await client.GET("/contracts/{contractId}", { params: { path: { contractId: MISSING } } })).response.status).toBe(401);
      expect((await client.POST("/contracts", { body: payg(MISSING) })).response.status).toBe(401);
      expect((await client.PATCH("/contracts/{contractId}", { params: { path: { contractId: MISSING } }, body: { addAddOns: [], removeAddOns: [] } })).response.status).toBe(401);
      expect((await client.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: MISSING } }, body: { reason: "why not" } })).response.status).toBe(401);
    }
  });

  it("a body over 256 KiB → 413 on every operation that takes one, nothing written", async () => {
    const { t, write } = await tenantWithKeys("typed-large");
    const padding = "x".repeat(300 * 1024);
    const contract = (await write.POST("/contracts", { body: payg(t.customer.id) })).data!;
    const answers = await Promise.all([
      write.POST("/contracts", { body: { ...payg(t.childMssp.id), padding } as never }),
      write.PATCH("/contracts/{contractId}", { params: { path: { contractId: contract.id } }, body: { quantity: 9, addAddOns: [], removeAddOns: [], padding } as never }),
      write.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: contract.id } }, body: { reason: "too big", padding } as never }),
    ]);
    expect(answers.map((answer) => [answer.response.status, answer.error?.error.code])).toEqual(Array(3).fill([413, "PAYLOAD_TOO_LARGE"]));
    expect(await db.contract.findUniqueOrThrow({ where: { id: contract.id } })).toMatchObject({ quantity: 5, canceledAt: null });
    expect(await db.contract.count({ where: { accountId: t.childMssp.id } })).toBe(0);
  });

  it("exercised every status the document gives the contracts operations", () => {
    expectEveryDocumentedStatus("Contracts");
  });
});
