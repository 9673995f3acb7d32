import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { assignAnnualLicences } from "@/server/pools/assign-annual-licences";
import { createNotice } from "@/server/notifications/create-notice";
import { makeTenant } from "../../support/factories";
import { buyBlock, givePoints, givePriceList } from "../../support/pool-factories";
import { apiClient } from "../../support/api/api-client";
import { apiKeyOf } from "../../support/api/account-keys";

/**
 * Pools, points and notices through the API across tenants: a key of tenant A gets 404 for B's
 * partner and accounts (the answer of a missing id), and A's lists hold A's rows only.
 */

const MISSING = "00000000-0000-4000-8000-000000000000";

async function tenantWithPools(label: string) {
  const t = await makeTenant(label);
  await givePriceList(t);
  await buyBlock(t, { quantity: 20 });
  const pool = await db.annualPool.findFirstOrThrow({ where: { accountId: t.mssp.id } });
  const assignment = await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, clientAccountId: t.customer.id, quantity: 3 });
  await givePoints(t, 40);
  await db.$transaction((tx) => createNotice(tx, { accountId: t.customer.id, key: `${label}-notice`, kind: "test", title: `${label} notice`, body: "x", email: false }));
  return { t, pool, assignment };
}

describe("two tenants: pools, points and notices through the API", () => {
  it("A's keys get 404 for every account of B; A's lists hold A's rows only", async () => {
    const a = await tenantWithPools("api-pools-a");
    const b = await tenantWithPools("api-pools-b");
    const distributor = apiClient(await apiKeyOf(a.t.distributor, a.t.distributorAdmin));
    const mssp = apiClient(await apiKeyOf(a.t.mssp, a.t.msspAdmin, "READ_ONLY"));
    const missing = await distributor.GET("/pools", { params: { query: { partnerId: MISSING } } });
    expect(missing.response.status).toBe(404);
    for (const client of [distributor, mssp]) {
      for (const account of [b.t.distributor, b.t.mssp, b.t.customer, b.t.childMssp]) {
        const answers = [
          await client.GET("/pools", { params: { query: { partnerId: account.id } } }),
          await client.GET("/pools/annual-assignments", { params: { query: { partnerId: account.id } } }),
          await client.GET("/points/entries", { params: { query: { partnerId: account.id } } }),
          await client.GET("/notices", { params: { query: { accountId: account.id } } }),
        ];
        for (const answer of answers) expect([answer.response.status, answer.error!.error.message]).toEqual([404, expect.any(String)]);
        expect(answers[0]!.error).toEqual(missing.error);
      }
    }
    const pools = await mssp.GET("/pools", { params: { query: { partnerId: a.t.mssp.id } } });
    expect(pools.data!.annualPools.map((pool) => pool.id)).toEqual([a.pool.id]);
    expect(pools.data!.pointsBalance).toBe(40);
    const assignments = await mssp.GET("/pools/annual-assignments", { params: { query: { partnerId: a.t.mssp.id } } });
    expect(assignments.data!.data.map((row) => row.id)).toEqual([a.assignment.id]);
    const ledger = await mssp.GET("/points/entries", { params: { query: { partnerId: a.t.mssp.id } } });
    expect(ledger.data!.data.map((entry) => entry.balanceAfter)).toEqual([40]);
    const notices = await distributor.GET("/notices", { params: { query: { accountId: a.t.distributor.id, limit: 100 } } });
    expect(notices.data!.data.map((row) => row.title)).toEqual(["api-pools-a notice"]);
  });
});
