import { describe, expect, it } from "vitest";
import { makeTenant } from "../../support/factories";
import { billedTenant } from "../../support/statement-fixtures";
import { apiClient, expectEveryDocumentedStatus } from "../../support/api/api-client";
import { apiKeyOf, expectRateLimited } from "../../support/api/account-keys";

/**
 * Statements through the public API (docs/api.md#statements), over statements the daily run wrote
 * with its clock in 2034 (January final, February a draft): a final statement reads exactly as
 * finalized, whatever the real date.
 */

describe("GET /api/v1/statements", () => {
  it("lists a seller's issued statements newest month first, by buyer; filters by month, buyer and status; pages by cursor", async () => {
    const { t, customerFinal, childFinal, upward } = await billedTenant("stmt-api");
    const client = apiClient(await apiKeyOf(t.mssp, t.msspAdmin, "READ_ONLY"));
    const all = await client.GET("/statements", { params: { query: { accountId: t.mssp.id } } });
    expect(all.response.status).toBe(200);
    const months = all.data!.data.map((row) => row.month);
    expect(months).toEqual([...months].sort().reverse());
    expect(all.data!.data.every((row) => row.sellerAccountId === t.mssp.id)).toBe(true);

    const january = await client.GET("/statements", { params: { query: { accountId: t.mssp.id, month: "2034-01", status: "FINAL" } } });
    // By buyer name: "…-child-mssp-…" before "…-customer-…".
    expect(january.data!.data.map((row) => row.id)).toEqual([childFinal.id, customerFinal.id]);
    expect(january.data!.data[1]).toEqual({
      id: customerFinal.id,
      number: customerFinal.number,
      month: "2034-01",
      status: "FINAL",
      sellerAccountId: t.mssp.id,
      buyerAccountId: t.customer.id,
      total: { amountMinor: 3750, currency: "EUR" },
      counterparty: t.customer.name,
    });
    const ofBuyer = await client.GET("/statements", { params: { query: { accountId: t.mssp.id, buyerId: t.customer.id, status: "FINAL", month: "2034-01" } } });
    expect(ofBuyer.data!.data.map((row) => row.id)).toEqual([customerFinal.id]);

    const first = await client.GET("/statements", { params: { query: { accountId: t.mssp.id, month: "2034-01", limit: 1 } } });
    const second = await client.GET("/statements", { params: { query: { accountId: t.mssp.id, month: "2034-01", limit: 1, cursor: first.data!.nextCursor! } } });
    expect([...first.data!.data, ...second.data!.data].map((row) => row.id)).toEqual([childFinal.id, customerFinal.id]);
    expect(second.data!.nextCursor).toBeNull();

    // What the MSSP owes its distributor: the other direction.
    const received = await client.GET("/statements", { params: { query: { accountId: t.mssp.id, direction: "received", month: "2034-01" } } });
    expect(received.data!.data.map((row) => [row.id, row.counterparty])).toEqual([[upward.id, t.distributor.name]]);
    // A customer's key: it receives only (its default direction), from its MSSP.
    const customer = apiClient(await apiKeyOf(t.customer, t.customerAdmin));
    const own = await customer.GET("/statements", { params: { query: { accountId: t.customer.id, status: "FINAL", month: "2034-01" } } });
    expect(own.data!.data.map((row) => row.id)).toEqual([customerFinal.id]);
  });

  it("refuses bad filters naming them (400), another tenant's account (404), no key (401), past the limit (429)", async () => {
    const { t } = await billedTenant("stmt-api-bad");
    const other = await makeTenant("stmt-api-other");
    const client = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    const cases = [
      [{ month: "2034-1" }, "month"],
      [{ status: "OPEN" }, "status"],
      [{ direction: "sideways" }, "direction"],
      [{ buyerId: "acme" }, "buyerId"],
      [{ direction: "received", buyerId: t.customer.id }, "buyerId"],
      [{ cursor: "eyJzIjoieCIsImsiOlsxXX0" }, "cursor"],
    ] as const;
    for (const [bad, field] of cases) {
      const refused = await client.GET("/statements", { params: { query: { accountId: t.mssp.id, ...(bad as object) } } });
      expect(refused.response.status).toBe(400);
      expect(Object.keys(refused.error!.error.fields!)).toEqual([field]);
    }
    expect((await client.GET("/statements", { params: { query: { accountId: other.mssp.id } } })).response.status).toBe(404);
    expect((await apiClient(null).GET("/statements", { params: { query: { accountId: t.mssp.id } } })).response.status).toBe(401);
    const limited = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    await expectRateLimited(() => limited.GET("/statements", { params: { query: { accountId: t.mssp.id } } }));
  });
});

describe("GET /api/v1/statements/{statementId}", () => {
  it("a final statement with its lines as billed (3.0000 units × EUR 12.50), an ETag and 304; a customer never opens what its seller pays upward", async () => {
    const { t, customerFinal, upward, customerDraft } = await billedTenant("stmt-api-get");
    const customer = apiClient(await apiKeyOf(t.customer, t.customerAdmin, "READ_ONLY"));
    const path = { statementId: customerFinal.id };
    const { data, response } = await customer.GET("/statements/{statementId}", { params: { path } });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      id: customerFinal.id,
      number: customerFinal.number,
      month: "2034-01",
      status: "FINAL",
      sellerAccountId: t.mssp.id,
      buyerAccountId: t.customer.id,
      currency: "EUR",
      priceBook: "Customers",
      seller: { name: t.mssp.name },
      buyer: { name: t.customer.name },
      total: { amountMinor: 3750, currency: "EUR" },
      finalizedAt: customerFinal.finalizedAt!.toISOString(),
    });
    const payg = data!.lines.find((line) => line.sku === "QSM-MGMT-STD")!;
    expect(payg).toMatchObject({ usageAccountId: t.customer.id, quantity: "3.0000", unitPrice: { amountMinor: 1250, currency: "EUR" }, amount: { amountMinor: 3750, currency: "EUR" }, correctsMonth: null });
    expect(data!.lines.reduce((sum, line) => sum + line.amount.amountMinor, 0)).toBe(3750);
    expect(data!.lines.map((line) => line.unitPrice.amountMinor)).not.toContain(900);

    const etag = response.headers.get("etag")!;
    expect((await customer.GET("/statements/{statementId}", { params: { path }, headers: { "If-None-Match": etag } })).response.status).toBe(304);
    // A draft reads too, marked as such.
    expect((await customer.GET("/statements/{statementId}", { params: { path: { statementId: customerDraft.id } } })).data).toMatchObject({ status: "DRAFT", number: null });

    // What the MSSP pays its distributor is not the customer's: not found, as a missing or malformed id.
    const answers = await Promise.all(
      [upward.id, "00000000-0000-4000-8000-000000000000", "not-an-id"].map((statementId) => customer.GET("/statements/{statementId}", { params: { path: { statementId } } })),
    );
    expect(answers.map((answer) => answer.response.status)).toEqual([404, 404, 404]);
    expect(new Set(answers.map((answer) => answer.error!.error.message)).size).toBe(1);
    // The MSSP does open it: it is the buyer.
    const mssp = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    expect((await mssp.GET("/statements/{statementId}", { params: { path: { statementId: upward.id } } })).data!.priceBook).toBe("Partners");

    expect((await apiClient(null).GET("/statements/{statementId}", { params: { path } })).response.status).toBe(401);
    const limited = apiClient(await apiKeyOf(t.customer, t.customerAdmin));
    await expectRateLimited(() => limited.GET("/statements/{statementId}", { params: { path } }));
  });

  it("exercised every status the Statements operations document", () => {
    expectEveryDocumentedStatus("Statements");
  });
});
