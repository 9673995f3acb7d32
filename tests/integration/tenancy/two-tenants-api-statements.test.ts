import { describe, expect, it } from "vitest";
import { billedTenant } from "../../support/statement-fixtures";
import { apiClient } from "../../support/api/api-client";
import { apiKeyOf } from "../../support/api/account-keys";

/**
 * Statements through the API across tenants: a key of tenant A gets 404 for each of B's statements
 * and accounts (the answer of a missing id), B's buyer as a filter lists nothing, and A's lists
 * hold A's statements only.
 */

const MISSING = "00000000-0000-4000-8000-000000000000";

describe("two tenants: statements through the API", () => {
  it("A's keys never list or open B's statements", async () => {
    const a = await billedTenant("api-stmt-a");
    const b = await billedTenant("api-stmt-b");
    const keys = [
      await apiKeyOf(a.t.distributor, a.t.distributorAdmin),
      await apiKeyOf(a.t.mssp, a.t.msspAdmin, "READ_ONLY"),
      await apiKeyOf(a.t.customer, a.t.customerAdmin),
    ];
    const missing = await apiClient(keys[0]!).GET("/statements/{statementId}", { params: { path: { statementId: MISSING } } });
    expect(missing.response.status).toBe(404);
    for (const key of keys) {
      const client = apiClient(key);
      for (const statement of b.statements) {
        const answer = await client.GET("/statements/{statementId}", { params: { path: { statementId: statement.id } } });
        expect(answer.response.status).toBe(404);
        expect(answer.error).toEqual(missing.error);
      }
      for (const account of [b.t.distributor, b.t.mssp, b.t.customer, b.t.childMssp, b.t.grandCustomer]) {
        for (const direction of ["issued", "received"] as const) {
          const listed = await client.GET("/statements", { params: { query: { accountId: account.id, direction } } });
          expect(listed.response.status).toBe(404);
        }
      }
    }
    // B's buyer as a filter of A's own list: nothing, not B's statements.
    const mssp = apiClient(keys[1]!);
    const filtered = await mssp.GET("/statements", { params: { query: { accountId: a.t.mssp.id, buyerId: b.t.customer.id } } });
    expect(filtered.data).toEqual({ data: [], nextCursor: null });
    const ownAccounts = new Set([a.t.distributor, a.t.mssp, a.t.customer, a.t.childMssp, a.t.grandCustomer].map((account) => account.id));
    for (const [accountId, direction] of [[a.t.distributor.id, "issued"], [a.t.mssp.id, "issued"], [a.t.mssp.id, "received"], [a.t.childMssp.id, "received"]] as const) {
      const listed = await apiClient(keys[0]!).GET("/statements", { params: { query: { accountId, direction, limit: 100 } } });
      expect(listed.data!.data.length).toBeGreaterThan(0);
      expect(listed.data!.data.every((row) => ownAccounts.has(row.sellerAccountId) && ownAccounts.has(row.buyerAccountId))).toBe(true);
    }
  });
});
