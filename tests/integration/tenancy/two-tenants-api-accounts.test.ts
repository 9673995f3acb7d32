import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { apiKeyOf } from "../../support/api/api-keys";
import { makeTenant, type TestAccount } from "../../support/factories";

/** Two tenants through the API's Accounts operations: the widest key of A reaches nothing of B (docs/api.md#accounts). */

async function snapshot(root: TestAccount) {
  const scope = { path: { startsWith: root.path } };
  const [accounts, audit] = await Promise.all([db.account.findMany({ where: scope, orderBy: { id: "asc" } }), db.auditEvent.count({ where: { account: scope } })]);
  return { accounts, audit };
}

describe("two tenants: Accounts API", () => {
  it("A's distributor key gets 404 for every account of B, by path, filter or body, and lists none of them", async () => {
    const a = await makeTenant("api2-acc-a");
    const b = await makeTenant("api2-acc-b");
    const { api } = await apiKeyOf(a.distributorAdmin.actor, a.distributor.id);
    const before = await snapshot(b.distributor);
    const bAccounts = [b.distributor, b.mssp, b.customer, b.childMssp, b.grandCustomer];

    for (const account of bAccounts) {
      const got = await api.GET("/accounts/{accountId}", { params: { path: { accountId: account.id } } });
      expect({ id: account.id, status: got.response.status, message: got.error?.error.message }).toEqual({ id: account.id, status: 404, message: "Account was not found." });
      const listed = await api.GET("/accounts", { params: { query: { parentId: account.id } } });
      expect({ id: account.id, status: listed.response.status }).toEqual({ id: account.id, status: 404 });
      const created = await api.POST("/accounts", { body: { parentId: account.id, name: "Planted account", kind: account.kind === "DISTRIBUTOR" ? "MSSP" : "CUSTOMER" } });
      expect({ id: account.id, status: created.response.status }).toEqual({ id: account.id, status: 404 });
      for (const status of ["INACTIVE", "ACTIVE"] as const) {
        const changed = await api.POST("/accounts/{accountId}/status", { params: { path: { accountId: account.id } }, body: { status } });
        expect({ id: account.id, status: changed.response.status }).toEqual({ id: account.id, status: 404 });
      }
    }

    // Every list of A, searched by B's names: only A's accounts.
    const bIds = new Set(bAccounts.map((account) => account.id));
    for (const parentId of [a.distributor.id, a.mssp.id, a.childMssp.id]) {
      for (const q of [undefined, "api2-acc-b"]) {
        const page = await api.GET("/accounts", { params: { query: { parentId, q, limit: 100 } } });
        expect(page.response.status).toBe(200);
        expect(page.data!.data.filter((row) => bIds.has(row.id))).toEqual([]);
      }
    }
    expect(await snapshot(b.distributor)).toEqual(before);
  });
});
