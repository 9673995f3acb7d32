import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { assignAnnualLicences } from "@/server/pools/assign-annual-licences";
import { makeTenant } from "../../support/factories";
import { AD360, buyBlock, givePoints, givePriceList } from "../../support/pool-factories";
import { apiClient, expectEveryDocumentedStatus } from "../../support/api/api-client";
import { apiKeyOf, expectRateLimited } from "../../support/api/account-keys";

/** A partner's pools and points through the public API, read only (docs/api.md#pools-and-points). */

async function poolPartner(label: string) {
  const t = await makeTenant(label);
  await givePriceList(t);
  await buyBlock(t, { quantity: 60, years: 3 });
  const pool = await db.annualPool.findFirstOrThrow({ where: { accountId: t.mssp.id } });
  const older = await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, clientAccountId: t.customer.id, quantity: 5, now: new Date(Date.now() - 60_000) });
  const newer = await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, clientAccountId: t.childMssp.id, quantity: 7 });
  await givePoints(t, 100);
  await givePoints(t, 50);
  return { t, pool, older, newer };
}

describe("GET /api/v1/pools", () => {
  it("the partner's annual pools with the distributor's tiers (money in minor units), monthly pools and points balance; ETag and 304", async () => {
    const { t, pool } = await poolPartner("pools-api");
    const client = apiClient(await apiKeyOf(t.distributor, t.distributorAdmin, "READ_ONLY"));
    const { data, response } = await client.GET("/pools", { params: { query: { partnerId: t.mssp.id } } });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ partnerId: t.mssp.id, pointsBalance: 150, monthlyPools: [] });
    expect(data!.annualPools).toEqual([{ id: pool.id, serviceCode: AD360, product: "Adaptive Defense 360", years: 3, available: 48 }]);
    expect(data!.priceTiers.map((tier) => [tier.minQuantity, tier.unitPrice])).toEqual([
      [10, { amountMinor: 3000, currency: "EUR" }],
      [50, { amountMinor: 2700, currency: "EUR" }],
      [100, { amountMinor: 2400, currency: "EUR" }],
    ]);
    const etag = response.headers.get("etag")!;
    expect((await client.GET("/pools", { params: { query: { partnerId: t.mssp.id } }, headers: { "If-None-Match": etag } })).response.status).toBe(304);
    await givePoints(t, 1);
    expect((await client.GET("/pools", { params: { query: { partnerId: t.mssp.id } }, headers: { "If-None-Match": etag } })).data!.pointsBalance).toBe(151);
  });

  it("a customer is not a partner (422 POOLS_ONLY_FOR_MSSP); out of reach 404; unknown parameter 400; no key 401; 429", async () => {
    const { t } = await poolPartner("pools-api-bad");
    const client = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    const customer = await client.GET("/pools", { params: { query: { partnerId: t.customer.id } } });
    expect([customer.response.status, customer.error!.error.code]).toEqual([422, "POOLS_ONLY_FOR_MSSP"]);
    // A customer's key never reaches its partner.
    const below = apiClient(await apiKeyOf(t.customer, t.customerAdmin));
    expect((await below.GET("/pools", { params: { query: { partnerId: t.mssp.id } } })).response.status).toBe(404);
    expect((await client.GET("/pools", { params: { query: { partnerId: "nope" } } })).response.status).toBe(404);
    const unknown = await client.GET("/pools", { params: { query: { partnerId: t.mssp.id, service: AD360 } as never } });
    expect([unknown.response.status, Object.keys(unknown.error!.error.fields!)]).toEqual([400, ["service"]]);
    expect((await apiClient(null).GET("/pools", { params: { query: { partnerId: t.mssp.id } } })).response.status).toBe(401);
    const limited = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    await expectRateLimited(() => limited.GET("/pools", { params: { query: { partnerId: t.mssp.id } } }));
  });
});

describe("GET /api/v1/pools/annual-assignments and /api/v1/points/entries", () => {
  it("assignments newest first with what can be recovered; the points ledger newest first; both paged", async () => {
    const { t, older, newer } = await poolPartner("pools-api-lists");
    const client = apiClient(await apiKeyOf(t.mssp, t.msspAdmin, "READ_ONLY"));
    const first = await client.GET("/pools/annual-assignments", { params: { query: { partnerId: t.mssp.id, limit: 1 } } });
    expect(first.response.status).toBe(200);
    expect(first.data!.data).toEqual([
      expect.objectContaining({ id: newer.id, clientAccountId: t.childMssp.id, client: t.childMssp.name, product: "Adaptive Defense 360", years: 3, quantity: 7, initialQuantity: 7, inTerm: true, maxActive: 0, recoverable: 7 }),
    ]);
    const second = await client.GET("/pools/annual-assignments", { params: { query: { partnerId: t.mssp.id, limit: 1, cursor: first.data!.nextCursor! } } });
    expect(second.data!.data.map((row) => [row.id, row.quantity])).toEqual([[older.id, 5]]);
    expect(second.data!.nextCursor).toBeNull();
    const badCursor = await client.GET("/pools/annual-assignments", { params: { query: { partnerId: t.mssp.id, cursor: "x" } } });
    expect([badCursor.response.status, Object.keys(badCursor.error!.error.fields!)]).toEqual([400, ["cursor"]]);
    expect((await client.GET("/pools/annual-assignments", { params: { query: { partnerId: t.customer.id } } })).response.status).toBe(422);
    expect((await apiClient(null).GET("/pools/annual-assignments", { params: { query: { partnerId: t.mssp.id } } })).response.status).toBe(401);

    const ledger = await client.GET("/points/entries", { params: { query: { partnerId: t.mssp.id } } });
    expect(ledger.data!.data.map((entry) => [entry.kind, entry.delta, entry.balanceAfter, entry.by])).toEqual([
      ["CREDIT", 50, 150, t.distributorAdmin.email],
      ["CREDIT", 100, 100, t.distributorAdmin.email],
    ]);
    const paged = await client.GET("/points/entries", { params: { query: { partnerId: t.mssp.id, limit: 1 } } });
    const rest = await client.GET("/points/entries", { params: { query: { partnerId: t.mssp.id, limit: 1, cursor: paged.data!.nextCursor! } } });
    expect([...paged.data!.data, ...rest.data!.data].map((entry) => entry.delta)).toEqual([50, 100]);
    const badLimit = await client.GET("/points/entries", { params: { query: { partnerId: t.mssp.id, limit: 101 } } });
    expect([badLimit.response.status, Object.keys(badLimit.error!.error.fields!)]).toEqual([400, ["limit"]]);
    expect((await client.GET("/points/entries", { params: { query: { partnerId: t.grandCustomer.id } } })).response.status).toBe(422);
    const other = await makeTenant("pools-api-other");
    expect((await client.GET("/points/entries", { params: { query: { partnerId: other.mssp.id } } })).response.status).toBe(404);
    expect((await client.GET("/pools/annual-assignments", { params: { query: { partnerId: other.mssp.id } } })).response.status).toBe(404);
    expect((await apiClient(null).GET("/points/entries", { params: { query: { partnerId: t.mssp.id } } })).response.status).toBe(401);
    const limitedLedger = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    await expectRateLimited(() => limitedLedger.GET("/points/entries", { params: { query: { partnerId: t.mssp.id } } }));
    const limitedAssignments = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    await expectRateLimited(() => limitedAssignments.GET("/pools/annual-assignments", { params: { query: { partnerId: t.mssp.id } } }));
  });

  it("exercised every status the Pools operations document", () => {
    expectEveryDocumentedStatus("Pools");
  });
});
