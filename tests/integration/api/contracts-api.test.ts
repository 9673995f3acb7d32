import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/v1/contracts/route";
import { db } from "@/server/db";
import { todayIn } from "@/lib/dates";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { listApiKeys } from "@/server/api-keys/list-api-keys";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { accountWrites } from "../../support/contract-factories";

/**
 * The public REST API, called through its exported handlers. The API takes no
 * clock, so contracts added here are registered on the real "today".
 */

const URL_BASE = "http://test/api/v1/contracts";

function post(key: string | null, body: unknown, headers: Record<string, string> = {}) {
  return POST(
    new Request(URL_BASE, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

function get(key: string | null, query: string) {
  return GET(new Request(`${URL_BASE}?${query}`, { method: "GET", headers: key ? { authorization: `Bearer ${key}` } : {} }));
}

interface ApiBody {
  error?: { code: string; message: string; fields?: Record<string, string[]> };
  id: string;
  data?: (Record<string, unknown> & { id: string })[];
  nextCursor?: string | null;
}

async function json(response: Response) {
  return (await response.json()) as ApiBody;
}

async function expectError(response: Response, status: number, code: string) {
  const body = await json(response);
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error?.message).toBe("string");
  return body.error!;
}

async function apiTenant(label = "api") {
  const t = await makeTenant(label);
  const { key, id, prefix } = await createApiKey(db, { actor: t.distributorAdmin.actor, accountId: t.distributor.id, name: "Billing system" });
  return { t, key, keyId: id, prefix };
}

const subscription = (accountId: string) => ({
  accountId,
  service: "quantum-spark-management",
  type: "SUBSCRIPTION",
  quantity: 25,
  packageSku: "QSM-MGMT-STD",
  addOns: ["QSM-ADD-TP"],
  subscriptionReference: "PO-2026-0042",
});

describe("POST /api/v1/contracts", () => {
  it("a distributor key adds a subscription to a customer two levels down (201)", async () => {
    const { t, key, prefix } = await apiTenant();
    const dayBefore = todayIn("UTC");
    const response = await post(key, subscription(t.customer.id));
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const contract = (await response.json()) as Record<string, unknown>;
    // The API has no clock of its own: registered on the real UTC day (either side of a midnight during the call).
    expect([dayBefore, todayIn("UTC")]).toContain(contract.registrationDate);
    expect(contract).toMatchObject({
      contractId: expect.stringMatching(/^CT-\d{6,}$/),
      service: "Quantum Spark Management",
      serviceStatus: "ACTIVE",
      type: "SUBSCRIPTION",
      source: "PORTAL",
      status: "ACTIVE",
      package: "QSM-MGMT-STD",
      addOns: ["QSM-ADD-TP"],
      quantityThreshold: 25,
      userCenterId: "PO-2026-0042",
    });
    expect(contract).not.toHaveProperty("atExpiry");
    const row = await db.contract.findUniqueOrThrow({ where: { id: contract.id as string } });
    expect(row).toMatchObject({ accountId: t.customer.id, type: "SUBSCRIPTION", quantity: 25, subscriptionReference: "PO-2026-0042" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.customer.id, action: "contract.added" } });
    expect(audit).toMatchObject({ actorUserId: null, actorLabel: `api-key:Billing system (${prefix})`, objectId: row.id });
    expect((await db.apiKey.findUniqueOrThrow({ where: { prefix } })).lastUsedAt).not.toBeNull();
  });

  it("invalid JSON → 400 MALFORMED_JSON; schema errors → 400 with every field named; nothing written", async () => {
    const { t, key } = await apiTenant();
    const before = await accountWrites(t.customer.id);
    const malformed = await expectError(await post(key, "{ not json"), 400, "MALFORMED_JSON");
    expect(malformed.fields).toEqual({ body: ["Send a JSON object."] });

    const invalid = await expectError(await post(key, { service: "", type: "LIFETIME", quantity: -3 }), 400, "VALIDATION_FAILED");
    expect(Object.keys(invalid.fields ?? {}).sort()).toEqual(["accountId", "quantity", "service", "type"]);
    expect(invalid.fields!.accountId).toEqual(["Give the account's id."]);
    expect(invalid.fields!.type).toEqual(["Choose a contract type."]);

    const noReference = await expectError(await post(key, { ...subscription(t.customer.id), subscriptionReference: undefined }), 400, "VALIDATION_FAILED");
    expect(noReference.fields).toEqual({ subscriptionReference: ["A subscription needs its order / User Center reference."] });
    const unknownService = await expectError(await post(key, { ...subscription(t.customer.id), service: "nope" }), 400, "INVALID");
    expect(unknownService.fields).toEqual({ service: ['Unknown service "nope".'] });
    await expectError(await post(key, "[]"), 400, "VALIDATION_FAILED");
    expect(await accountWrites(t.customer.id)).toEqual(before);
  });

  it("no key, a garbled key, a wrong secret or a revoked key → 401", async () => {
    const { t, key, keyId } = await apiTenant();
    const body = subscription(t.customer.id);
    await expectError(await post(null, body), 401, "UNAUTHENTICATED");
    await expectError(await post("garbage", body), 401, "UNAUTHENTICATED");
    await expectError(await post(null, body, { authorization: `Basic ${key}` }), 401, "UNAUTHENTICATED");
    const wrongSecret = `${key.slice(0, -4)}${key.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    await expectError(await post(wrongSecret, body), 401, "UNAUTHENTICATED");
    await expectError(await post(`mlp_${"x".repeat(12)}_${"A".repeat(43)}`, body), 401, "UNAUTHENTICATED");

    expect((await post(key, { ...body, type: "PAYG" })).status).toBe(201);
    await revokeApiKey(db, { actor: t.distributorAdmin.actor, accountId: t.distributor.id, keyId });
    await expectError(await post(key, body), 401, "UNAUTHENTICATED");
    await expectError(await get(key, `accountId=${t.customer.id}`), 401, "UNAUTHENTICATED");
    expect(await db.contract.count({ where: { accountId: t.customer.id } })).toBe(1);
  });

  it("the key of an inactive account → 401", async () => {
    const t = await makeTenant("api-inactive");
    const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "MSSP tooling" });
    expect((await post(key, { ...subscription(t.customer.id), type: "PAYG" })).status).toBe(201);
    await db.account.update({ where: { id: t.mssp.id }, data: { status: "INACTIVE" } });
    await expectError(await post(key, subscription(t.customer.id)), 401, "UNAUTHENTICATED");
  });

  it("another tenant's key → 404 for our account, exactly like a missing one", async () => {
    const ours = await apiTenant("api-ours");
    const theirs = await apiTenant("api-theirs");
    const before = await accountWrites(ours.t.customer.id);
    const outOfReach = await expectError(await post(theirs.key, subscription(ours.t.customer.id)), 404, "NOT_FOUND");
    const missing = await expectError(await post(theirs.key, subscription("00000000-0000-4000-8000-000000000000")), 404, "NOT_FOUND");
    expect(outOfReach.message).toBe(missing.message);
    await expectError(await get(theirs.key, `accountId=${ours.t.customer.id}`), 404, "NOT_FOUND");
    expect(await accountWrites(ours.t.customer.id)).toEqual(before);
  });

  it("a body over 256 KiB → 413, declared or streamed", async () => {
    const { t, key } = await apiTenant();
    const huge = JSON.stringify({ ...subscription(t.customer.id), padding: "x".repeat(256 * 1024) });
    await expectError(await post(key, huge), 413, "PAYLOAD_TOO_LARGE");
    await expectError(await post(key, huge, { "content-length": String(Buffer.byteLength(huge)) }), 413, "PAYLOAD_TOO_LARGE");
    // Just under the limit is read (and then validated).
    const fits = JSON.stringify({ ...subscription(t.customer.id), subscriptionReference: "PO-1", padding: "x".repeat(200 * 1024) });
    expect((await post(key, fits)).status).toBe(201);
  });

  it("rule violations → 422 with the reason as code; conflicts → 409; managed above → 403", async () => {
    const { t, key } = await apiTenant();
    const nfr = { accountId: t.customer.id, service: "harmony-browse", type: "NFR" };
    await expectError(await post(key, nfr), 422, "NFR_NOT_FOR_CUSTOMER");
    await expectError(await post(key, { ...nfr, type: "EVALUATION" }), 422, "EVALUATION_NOT_ADDABLE");
    await expectError(await post(key, { ...nfr, service: "adaptive-defense-360", type: "PAYG", quantity: 3 }), 422, "SERVICE_DOES_NOT_OFFER_TYPE");
    // The key acts as admin of the distributor: nobody above it manages its contracts.
    await expectError(await post(key, { ...nfr, accountId: t.distributor.id, type: "PAYG", quantity: 3 }), 403, "CONTRACTS_MANAGED_ABOVE");

    const first = await post(key, { ...nfr, accountId: t.childMssp.id });
    expect(first.status).toBe(201);
    expect(await json(first)).toMatchObject({ type: "NFR", quantityThreshold: 25 });
    await expectError(await post(key, { ...nfr, accountId: t.childMssp.id }), 409, "NFR_ALREADY_USED");
    expect((await post(key, { ...nfr, accountId: t.childMssp.id, type: "PAYG", quantity: 4 })).status).toBe(201);
    await expectError(await post(key, { ...nfr, accountId: t.childMssp.id, type: "PAYG", quantity: 4 }), 409, "PAYG_ALREADY_ACTIVE");
    expect(await db.contract.count({ where: { accountId: t.childMssp.id } })).toBe(2);
    expect(await db.contract.count({ where: { accountId: t.customer.id } })).toBe(0);
  });
});

describe("GET /api/v1/contracts", () => {
  it("lists an account's contracts in contract-id order", async () => {
    const { t, key } = await apiTenant();
    const payg = await json(await post(key, { accountId: t.childMssp.id, service: "quantum-spark-management", type: "PAYG", quantity: 9, addOns: "QSM-ADD-TP;QSM-ADD-SDWAN" }));
    const nfr = await json(await post(key, { accountId: t.childMssp.id, service: "harmony-browse", type: "NFR" }));
    await post(key, { accountId: t.customer.id, service: "harmony-browse", type: "PAYG", quantity: 2 });

    const response = await get(key, `accountId=${t.childMssp.id}`);
    expect(response.status).toBe(200);
    const { data: contracts, nextCursor } = (await response.json()) as { data: Record<string, unknown>[]; nextCursor: string | null };
    expect(nextCursor).toBeNull();
    expect(contracts.map((c) => c.id)).toEqual([payg.id, nfr.id]);
    expect(contracts[0]).toMatchObject({ type: "PAYG", quantityThreshold: 9, addOns: ["QSM-ADD-TP", "QSM-ADD-SDWAN"], expiresOn: null, archived: false });
    expect(contracts[1]).toMatchObject({ type: "NFR", service: "Harmony Browse", status: "ACTIVE" });

    // An MSSP key sees its children's contracts too; a malformed account id is simply not found.
    const mssp = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "MSSP" });
    expect((await json(await get(mssp.key, `accountId=${t.childMssp.id}`))).data).toHaveLength(2);
    await expectError(await get(key, "accountId=not-an-id"), 404, "NOT_FOUND");
    await expectError(await get(null, `accountId=${t.childMssp.id}`), 401, "UNAUTHENTICATED");
  });
});

describe("API keys", () => {
  it("the key is returned once; only its SHA-256 is stored; listing never shows secrets", async () => {
    const t = await makeTenant("keys");
    const created = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Integration" });
    expect(created.key).toMatch(/^mlp_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`mlp_${created.prefix}_`)).toBe(true);

    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretHash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const secret = created.key.split("_").slice(2).join("_");
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(created.key);
    expect(stored).not.toContain(secret);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.mssp.id, action: "api_key.created" } });
    expect(audit.after).toEqual({ name: "Integration", prefix: created.prefix, scope: "READ_WRITE" });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain(secret);

    const second = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Second" });
    expect(second.key).not.toBe(created.key);
    const listed = await listApiKeys(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id });
    expect(listed.map((key) => key.name).sort()).toEqual(["Integration", "Second"]);
    for (const key of listed) {
      expect(Object.keys(key).sort()).toEqual(["createdAt", "createdBy", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scope"]);
      expect(JSON.stringify(key)).not.toMatch(/secret|mlp_/i);
    }
    // Viewers cannot see the keys at all.
    await expectAppError(listApiKeys(db, { actor: t.msspViewer.actor, accountId: t.mssp.id }), "FORBIDDEN");
  });

  it("revoking stops the key at once, is audited once and lists revoked keys last", async () => {
    const t = await makeTenant("keys-revoke");
    const keep = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Keep" });
    const drop = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Drop" });
    expect((await get(drop.key, `accountId=${t.customer.id}`)).status).toBe(200);

    const revoked = await revokeApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, keyId: drop.id, now: new Date("2031-03-10T12:00:00Z") });
    expect(revoked.revokedAt).toEqual(new Date("2031-03-10T12:00:00Z"));
    await revokeApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, keyId: drop.id });
    expect(await db.auditEvent.count({ where: { accountId: t.mssp.id, action: "api_key.revoked" } })).toBe(1);
    expect((await get(drop.key, `accountId=${t.customer.id}`)).status).toBe(401);
    expect((await get(keep.key, `accountId=${t.customer.id}`)).status).toBe(200);
    expect((await listApiKeys(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id })).map((key) => key.name)).toEqual(["Keep", "Drop"]);
    // Another account's key id, through an account the admin manages, is not found.
    const child = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, name: "Child" });
    await expectAppError(revokeApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, keyId: child.id }), "NOT_FOUND");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: child.id } })).revokedAt).toBeNull();
  });
});
