import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createPlan } from "@/server/plans/create-plan";
import { sharePlan } from "@/server/plans/share-plan";
import { apiClient, expectBodyLimit, expectEveryDocumentedStatus } from "../../support/api/api-client";
import { apiKeyOf, expectKeyRefusals, MISSING_ID } from "../../support/api/api-keys";
import { makeTenant } from "../../support/factories";
import { makeGateway, paygContract } from "../../support/plan-factories";

/** Plans and gateways through the public API: lists, one object, the licence type switch (docs/api.md#plans-and-gateways). */

/**
 * An MSSP with a live PAYG contract and a plan "Retail" holding a gateway on R82.10 and one on
 * R81.20; a loose gateway at its customer; its child MSSP's plan without a PAYG contract; and a
 * plan "Shared" shared with the customer.
 */
async function world(label = "api-plans") {
  const t = await makeTenant(label);
  const admin = t.msspAdmin.actor;
  await paygContract(t.distributorAdmin.actor, t.mssp.id);
  const retail = await createPlan(db, { actor: admin, accountId: t.mssp.id, name: "Retail" });
  const shared = await createPlan(db, { actor: admin, accountId: t.mssp.id, name: "Shared" });
  await sharePlan(db, { actor: admin, planId: shared.id, childAccountId: t.customer.id });
  const childPlan = await createPlan(db, { actor: admin, accountId: t.childMssp.id, name: "Child plan" });
  const modern = await makeGateway(admin, t.mssp, "Madrid branch", "R82.10", retail.id);
  const old = await makeGateway(admin, t.customer, "Lisbon branch", "R81.20", retail.id);
  const loose = await makeGateway(admin, t.customer, "Porto kiosk", "R82");
  const { key, api } = await apiKeyOf(admin, t.mssp.id);
  return { t, key, api, retail, shared, childPlan, modern, old, loose };
}

describe("Plans", () => {
  it("lists an account's plans by name with cursor paging, and the plans shared into a child", async () => {
    const { t, api, retail, shared } = await world();
    const all = await api.GET("/plans", { params: { query: {} } });
    expect(all.data!.data.map((plan) => plan.name)).toEqual(["Retail", "Shared"]);
    expect(all.data!.data[0]).toEqual({ id: retail.id, name: "Retail", licenceType: "SUBSCRIPTION", owner: { id: t.mssp.id, name: t.mssp.name }, sharedWith: null, gatewayCount: 2, gatewaysOnOldFirmware: 1 });
    const first = await api.GET("/plans", { params: { query: { limit: 1 } } });
    const second = await api.GET("/plans", { params: { query: { limit: 1, cursor: first.data!.nextCursor! } } });
    expect(second.data).toEqual({ data: [expect.objectContaining({ id: shared.id, sharedWith: { id: t.customer.id, name: t.customer.name } })], nextCursor: null });
    const atCustomer = await api.GET("/plans", { params: { query: { accountId: t.customer.id } } });
    expect(atCustomer.data!.data.map((plan) => plan.id)).toEqual([shared.id]);
    const bad = await api.GET("/plans", { params: { query: { limit: 101, cursor: "x" } } });
    expect(bad.response.status).toBe(400);
    expect(Object.keys(bad.error!.error.fields!)).toEqual(["limit"]);
    const spent = await api.GET("/plans", { params: { query: { cursor: "garbled" } } });
    expect(spent.error!.error.fields).toEqual({ cursor: ["Pass the nextCursor of the previous page, unchanged."] });
    for (const accountId of [t.distributor.id, MISSING_ID, "x"]) expect((await api.GET("/plans", { params: { query: { accountId } } })).response.status).toBe(404);
  });

  it("gets a plan with an ETag (304 when unchanged); 404 outside reach", async () => {
    const { key, api, retail } = await world();
    const other = await world("api-plans-other");
    const read = await api.GET("/plans/{planId}", { params: { path: { planId: retail.id } } });
    expect(read.data).toMatchObject({ id: retail.id, gatewayCount: 2 });
    const etag = read.response.headers.get("etag")!;
    expect((await apiClient(key, { "if-none-match": etag }).GET("/plans/{planId}", { params: { path: { planId: retail.id } } })).response.status).toBe(304);
    for (const planId of [other.retail.id, MISSING_ID, "x"]) {
      const answer = await api.GET("/plans/{planId}", { params: { path: { planId } } });
      expect({ planId, status: answer.response.status, message: answer.error?.error.message }).toEqual({ planId, status: 404, message: "Plan was not found." });
    }
  });

  it("switches to PAYG (old firmware stays on subscription) and back only when confirmed; the prerequisites' codes otherwise", async () => {
    const { t, api, retail, shared, childPlan, modern, old } = await world();
    const payg = await api.POST("/plans/{planId}/licence-type", { params: { path: { planId: retail.id } }, body: { licenceType: "PAYG" } });
    expect(payg.response.status).toBe(200);
    expect(payg.data).toMatchObject({ licenceType: "PAYG", gatewayCount: 2, gatewaysOnOldFirmware: 1 });
    const onPayg = await api.GET("/gateways", { params: { query: { planId: retail.id, licenceType: "PAYG" } } });
    expect(onPayg.data!.data.map((g) => g.id)).toEqual([modern.id]);
    expect((await api.GET("/gateways/{gatewayId}", { params: { path: { gatewayId: old.id } } })).data!.licenceType).toBe("SUBSCRIPTION");

    const unconfirmed = await api.POST("/plans/{planId}/licence-type", { params: { path: { planId: retail.id } }, body: { licenceType: "SUBSCRIPTION" } });
    expect({ status: unconfirmed.response.status, code: unconfirmed.error!.error.code, fields: unconfirmed.error!.error.fields }).toEqual({
      status: 400,
      code: "CONFIRMATION_REQUIRED",
      fields: { confirmed: ["Select Subscription Licensing: confirm to continue."] },
    });
    const back = await api.POST("/plans/{planId}/licence-type", { params: { path: { planId: retail.id } }, body: { licenceType: "SUBSCRIPTION", confirmed: true } });
    expect(back.data!.licenceType).toBe("SUBSCRIPTION");
    expect(await db.auditEvent.count({ where: { objectId: retail.id, action: "plan.license_type_changed" } })).toBe(2);

    const noContract = await api.POST("/plans/{planId}/licence-type", { params: { path: { planId: childPlan.id } }, body: { licenceType: "PAYG" } });
    expect({ status: noContract.response.status, code: noContract.error!.error.code }).toEqual({ status: 422, code: "NO_ACTIVE_PAYG_CONTRACT" });
    // A plan shared into the customer from above: its key sees the plan but may not change it.
    const customerKey = await apiKeyOf(t.customerAdmin.actor, t.customer.id);
    const fromAbove = await customerKey.api.POST("/plans/{planId}/licence-type", { params: { path: { planId: shared.id } }, body: { licenceType: "PAYG" } });
    expect({ status: fromAbove.response.status, code: fromAbove.error!.error.code }).toEqual({ status: 403, code: "USER_NOT_ADMIN" });
    const bad = await api.POST("/plans/{planId}/licence-type", { params: { path: { planId: retail.id } }, body: { licenceType: "LIFETIME" as never, confirmed: "yes" as never } });
    expect(Object.keys(bad.error!.error.fields!).sort()).toEqual(["confirmed", "licenceType"]);
    expect((await db.plan.findMany({ where: { id: { in: [childPlan.id, shared.id] } } })).map((plan) => plan.licenceType)).toEqual(["SUBSCRIPTION", "SUBSCRIPTION"]);
  });

  it("If-Match: a stale ETag is 412 and switches nothing; read-only keys 403; other tenants' plans 404", async () => {
    const { t, key, api, retail } = await world();
    const other = await world("api-plans-other");
    const etag = (await api.GET("/plans/{planId}", { params: { path: { planId: retail.id } } })).response.headers.get("etag")!;
    await db.plan.update({ where: { id: retail.id }, data: { name: "Retail EU" } });
    const stale = await apiClient(key, { "if-match": etag }).POST("/plans/{planId}/licence-type", { params: { path: { planId: retail.id } }, body: { licenceType: "PAYG" } });
    expect({ status: stale.response.status, code: stale.error!.error.code }).toEqual({ status: 412, code: "PRECONDITION_FAILED" });
    const fresh = (await api.GET("/plans/{planId}", { params: { path: { planId: retail.id } } })).response.headers.get("etag")!;
    expect((await apiClient(key, { "if-match": fresh }).POST("/plans/{planId}/licence-type", { params: { path: { planId: retail.id } }, body: { licenceType: "PAYG" } })).response.status).toBe(200);

    const readOnly = await apiKeyOf(t.msspAdmin.actor, t.mssp.id, "READ_ONLY");
    const refused = await readOnly.api.POST("/plans/{planId}/licence-type", { params: { path: { planId: retail.id } }, body: { licenceType: "SUBSCRIPTION", confirmed: true } });
    expect({ status: refused.response.status, code: refused.error!.error.code }).toEqual({ status: 403, code: "READ_ONLY_KEY" });
    for (const planId of [other.retail.id, MISSING_ID, "x"]) {
      expect((await api.POST("/plans/{planId}/licence-type", { params: { path: { planId } }, body: { licenceType: "PAYG" } })).response.status).toBe(404);
    }
    expect((await db.plan.findUniqueOrThrow({ where: { id: other.retail.id } })).licenceType).toBe("SUBSCRIPTION");
  });

  it("every operation answers 401 without a key and 429 past the limit", async () => {
    const { t, retail } = await world();
    await expectKeyRefusals(
      (client) => [
        () => client.GET("/plans", { params: { query: {} } }),
        () => client.GET("/plans/{planId}", { params: { path: { planId: retail.id } } }),
        () => client.POST("/plans/{planId}/licence-type", { params: { path: { planId: retail.id } }, body: { licenceType: "PAYG" } }),
      ],
      async () => (await apiKeyOf(t.msspAdmin.actor, t.mssp.id)).api,
    );
    await expectBodyLimit("Plans");
    expectEveryDocumentedStatus("Plans");
  });
});

describe("Gateways", () => {
  it("lists the gateways of an account and below with the list's search, filters, sorts and paging", async () => {
    const { t, api, retail, modern, old, loose } = await world();
    const seenAt = new Date(Date.now() - 60_000);
    await db.gateway.update({ where: { id: modern.id }, data: { lastSeenAt: seenAt } });
    const all = await api.GET("/gateways", { params: { query: {} } });
    expect(all.data!.data.map((g) => g.name)).toEqual(["Lisbon branch", "Madrid branch", "Porto kiosk"]);
    expect(all.data!.data[1]).toEqual({
      id: modern.id,
      name: "Madrid branch",
      serialNumber: modern.serialNumber,
      account: { id: t.mssp.id, name: t.mssp.name },
      plan: { id: retail.id, name: "Retail" },
      firmwareVersion: "R82.10",
      lastSeenAt: seenAt.toISOString(),
      status: "ONLINE",
      lockedToPlan: true,
      licenceType: "SUBSCRIPTION",
    });
    expect(all.data!.data[2]).toMatchObject({ id: loose.id, plan: null, status: "NEVER_SEEN", lastSeenAt: null });
    const atCustomer = await api.GET("/gateways", { params: { query: { accountId: t.customer.id, sort: "firmware", dir: "desc" } } });
    expect(atCustomer.data!.data.map((g) => g.id)).toEqual([loose.id, old.id]);
    const bySerial = await api.GET("/gateways", { params: { query: { q: old.serialNumber.slice(3).toLowerCase() } } });
    expect(bySerial.data!.data.map((g) => g.id)).toEqual([old.id]);
    const inPlan = await api.GET("/gateways", { params: { query: { planId: retail.id, limit: 1 } } });
    const rest = await api.GET("/gateways", { params: { query: { planId: retail.id, limit: 1, cursor: inPlan.data!.nextCursor! } } });
    expect([...inPlan.data!.data, ...rest.data!.data].map((g) => g.id)).toEqual([old.id, modern.id]);
    expect(rest.data!.nextCursor).toBeNull();

    const bad = await api.GET("/gateways", { params: { query: { planId: "retail", licenceType: "FREE" as never, sort: "serial" as never } } });
    expect(bad.response.status).toBe(400);
    expect(Object.keys(bad.error!.error.fields!).sort()).toEqual(["licenceType", "planId", "sort"]);
    for (const accountId of [t.distributor.id, MISSING_ID, "x"]) expect((await api.GET("/gateways", { params: { query: { accountId } } })).response.status).toBe(404);
  });

  it("gets a gateway with an ETag (304 when unchanged); 404 outside reach", async () => {
    const { key, api, modern } = await world();
    const other = await world("api-gw-other");
    const read = await api.GET("/gateways/{gatewayId}", { params: { path: { gatewayId: modern.id } } });
    expect(read.data).toMatchObject({ id: modern.id, firmwareVersion: "R82.10" });
    const etag = read.response.headers.get("etag")!;
    expect((await apiClient(key, { "if-none-match": etag }).GET("/gateways/{gatewayId}", { params: { path: { gatewayId: modern.id } } })).response.status).toBe(304);
    for (const gatewayId of [other.modern.id, MISSING_ID, "x"]) {
      const answer = await api.GET("/gateways/{gatewayId}", { params: { path: { gatewayId } } });
      expect({ gatewayId, status: answer.response.status, message: answer.error?.error.message }).toEqual({ gatewayId, status: 404, message: "Gateway was not found." });
    }
  });

  it("unlocks a gateway onto its own type and locks it back; refuses PAYG below R82, without a holder's contract, and FOLLOW_PLAN without a plan", async () => {
    const { api, retail, modern, old, loose } = await world();
    const own = await api.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: modern.id } }, body: { licenceType: "PAYG" } });
    expect(own.data).toMatchObject({ lockedToPlan: false, licenceType: "PAYG", plan: { id: retail.id } });
    expect((await api.GET("/plans/{planId}", { params: { path: { planId: retail.id } } })).data!.licenceType).toBe("SUBSCRIPTION");
    const back = await api.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: modern.id } }, body: { licenceType: "FOLLOW_PLAN" } });
    expect(back.data).toMatchObject({ lockedToPlan: true, licenceType: "SUBSCRIPTION" });
    expect((await db.auditEvent.findMany({ where: { objectId: modern.id, action: { in: ["gateway.unlocked", "gateway.locked"] } }, orderBy: { id: "asc" } })).map((e) => e.action)).toEqual(["gateway.unlocked", "gateway.locked"]);

    const tooOld = await api.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: old.id } }, body: { licenceType: "PAYG" } });
    expect({ status: tooOld.response.status, code: tooOld.error!.error.code }).toEqual({ status: 422, code: "GATEWAY_FIRMWARE_TOO_OLD" });
    // The loose gateway's holder is its own account, the customer, which has no PAYG contract.
    const noContract = await api.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: loose.id } }, body: { licenceType: "PAYG" } });
    expect({ status: noContract.response.status, code: noContract.error!.error.code }).toEqual({ status: 422, code: "NO_ACTIVE_PAYG_CONTRACT" });
    const noPlan = await api.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: loose.id } }, body: { licenceType: "FOLLOW_PLAN" } });
    expect({ status: noPlan.response.status, code: noPlan.error!.error.code, fields: noPlan.error!.error.fields }).toEqual({ status: 400, code: "NO_PLAN", fields: { planId: ["Assign it to a plan first."] } });
    const bad = await api.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: loose.id } }, body: {} as never });
    expect(bad.error!.error.fields).toEqual({ licenceType: ["Choose SUBSCRIPTION, PAYG or FOLLOW_PLAN."] });
    expect((await db.gateway.findMany({ where: { id: { in: [old.id, loose.id] } } })).every((g) => g.ownLicenceType === "SUBSCRIPTION")).toBe(true);
  });

  it("If-Match: a stale ETag is 412; read-only keys 403; other tenants' gateways 404", async () => {
    const { t, key, api, modern } = await world();
    const other = await world("api-gw-other");
    const etag = (await api.GET("/gateways/{gatewayId}", { params: { path: { gatewayId: modern.id } } })).response.headers.get("etag")!;
    await db.gateway.update({ where: { id: modern.id }, data: { name: "Madrid HQ" } });
    const stale = await apiClient(key, { "if-match": etag }).POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: modern.id } }, body: { licenceType: "PAYG" } });
    expect({ status: stale.response.status, code: stale.error!.error.code }).toEqual({ status: 412, code: "PRECONDITION_FAILED" });
    expect((await db.gateway.findUniqueOrThrow({ where: { id: modern.id } })).lockedToPlan).toBe(true);
    const fresh = (await api.GET("/gateways/{gatewayId}", { params: { path: { gatewayId: modern.id } } })).response.headers.get("etag")!;
    expect((await apiClient(key, { "if-match": fresh }).POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: modern.id } }, body: { licenceType: "PAYG" } })).response.status).toBe(200);

    const readOnly = await apiKeyOf(t.msspAdmin.actor, t.mssp.id, "READ_ONLY");
    const refused = await readOnly.api.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: modern.id } }, body: { licenceType: "FOLLOW_PLAN" } });
    expect({ status: refused.response.status, code: refused.error!.error.code }).toEqual({ status: 403, code: "READ_ONLY_KEY" });
    for (const gatewayId of [other.modern.id, MISSING_ID, "x"]) {
      expect((await api.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId } }, body: { licenceType: "PAYG" } })).response.status).toBe(404);
    }
    expect((await db.gateway.findUniqueOrThrow({ where: { id: other.modern.id } })).lockedToPlan).toBe(true);
  });

  it("every operation answers 401 without a key and 429 past the limit", async () => {
    const { t, modern } = await world();
    await expectKeyRefusals(
      (client) => [
        () => client.GET("/gateways", { params: { query: {} } }),
        () => client.GET("/gateways/{gatewayId}", { params: { path: { gatewayId: modern.id } } }),
        () => client.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: modern.id } }, body: { licenceType: "SUBSCRIPTION" } }),
      ],
      async () => (await apiKeyOf(t.msspAdmin.actor, t.mssp.id)).api,
    );
    await expectBodyLimit("Gateways");
    expectEveryDocumentedStatus("Gateways");
  });
});
