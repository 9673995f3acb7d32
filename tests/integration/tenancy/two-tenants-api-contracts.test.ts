import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { makeTenant } from "../../support/factories";
import { apiClient } from "../../support/api/api-client";

/**
 * Two tenants through the public API's contract operations: tenant A's key gets "not found" for
 * every B contract and account, with the very answer a missing id gets, changes nothing of B,
 * and the API's own stores (idempotency keys, rate limits) never cross keys.
 */

const MISSING = "00000000-0000-4000-8000-000000000000";

async function tenant(label: string) {
  const t = await makeTenant(label);
  const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "PSA", scope: "READ_WRITE" });
  const api = apiClient(key);
  const contract = (await api.POST("/contracts", { body: { accountId: t.customer.id, service: "quantum-spark-management", type: "PAYG", quantity: 4, addOns: [] } })).data!;
  return { t, api, contract };
}

describe("two tenants: contracts through the API", () => {
  it("A's key cannot list, read, edit or cancel B's contracts, nor add one to B's accounts", async () => {
    const a = await tenant("api-two-a");
    const b = await tenant("api-two-b");
    const bBefore = await db.contract.findMany({ where: { account: { path: { startsWith: b.t.distributor.path } } }, orderBy: { id: "asc" } });

    const answers = async (contractId: string, accountId: string) => {
      const results = [
        await a.api.GET("/contracts", { params: { query: { accountId } } }),
        await a.api.GET("/contracts/{contractId}", { params: { path: { contractId } } }),
        await a.api.PATCH("/contracts/{contractId}", { params: { path: { contractId } }, body: { quantity: 9, addAddOns: [], removeAddOns: [] } }),
        await a.api.POST("/contracts/{contractId}/cancel", { params: { path: { contractId } }, body: { reason: "Taking it over" } }),
        await a.api.POST("/contracts", { body: { accountId, service: "harmony-browse", type: "PAYG", quantity: 1, addOns: [] } }),
      ];
      return results.map((result) => [result.response.status, result.error?.error.code, result.error?.error.message.replace(/\b[0-9a-f-]{36}\b/, "<id>")]);
    };
    const foreign = await answers(b.contract.id, b.t.customer.id);
    expect(foreign.every(([status]) => status === 404)).toBe(true);
    expect(foreign).toEqual(await answers(MISSING, MISSING));

    // A's lists never hold B's rows, whatever the filter.
    const own = await a.api.GET("/contracts", { params: { query: { accountId: a.t.customer.id, serviceId: b.contract.id } } });
    expect(own.data!.data).toEqual([]);
    expect((await a.api.GET("/contracts", { params: { query: { accountId: a.t.customer.id } } })).data!.data.map((c) => c.id)).toEqual([a.contract.id]);

    // The same Idempotency-Key on both tenants' keys: two independent requests, never B's answer replayed to A.
    const header = { "Idempotency-Key": "shared-key-1" };
    const bFirst = await b.api.POST("/contracts", { params: { header }, body: { accountId: b.t.childMssp.id, service: "harmony-browse", type: "PAYG", quantity: 2, addOns: [] } });
    const aSame = await a.api.POST("/contracts", { params: { header }, body: { accountId: b.t.childMssp.id, service: "harmony-browse", type: "PAYG", quantity: 2, addOns: [] } });
    expect([bFirst.response.status, aSame.response.status, aSame.response.headers.get("Idempotent-Replayed")]).toEqual([201, 404, null]);

    const bAfter = await db.contract.findMany({ where: { account: { path: { startsWith: b.t.distributor.path } }, id: { not: bFirst.data!.id } }, orderBy: { id: "asc" } });
    expect(bAfter).toEqual(bBefore);
  });
});
