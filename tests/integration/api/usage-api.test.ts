import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { addMonthsIso, daysInMonthOf, todayIn } from "@/lib/dates";
import { makeTenant } from "../../support/factories";
import { insertContract, QSM } from "../../support/contract-factories";
import { insertMeteredDays, insertPriceBook } from "../../support/money-fixtures";
import { ingest, keyActor } from "../../support/telemetry-helpers";
import { apiClient, expectEveryDocumentedStatus } from "../../support/api/api-client";
import { apiKeyOf, expectRateLimited } from "../../support/api/account-keys";

/**
 * Usage through the public API (docs/api.md#usage). The API has no clock, so the month read is a
 * 31-day month at least two months back from the real today: every one of its days is final, on
 * any date the suite runs.
 */

const DX = "defensx-web-security";

function final31DayMonth(): string {
  let first = addMonthsIso(`${todayIn("UTC").slice(0, 7)}-01`, -2);
  while (daysInMonthOf(first) !== 31) first = addMonthsIso(first, -1);
  return first.slice(0, 7);
}

const MONTH = final31DayMonth();

/** A customer with 11 PAYG gateways on each of the month's 31 days (341 device-days), priced by its MSSP at EUR 12.50 a unit. */
async function meteredCustomer() {
  const t = await makeTenant("usage-api");
  await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: QSM, registeredOn: `${MONTH}-01`, expiresOn: null, quantity: 20 });
  await insertMeteredDays(t.customer.id, QSM, `${MONTH}-01`, 31, 11);
  await insertPriceBook(t.mssp.id, [{ sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: MONTH, minor: 1250 }]);
  // What the MSSP pays its distributor: never shown to the customer.
  await insertPriceBook(t.distributor.id, [{ sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: MONTH, minor: 999 }]);
  const qsm = await db.service.findUniqueOrThrow({ where: { code: QSM } });
  return { t, qsm };
}

describe("GET /api/v1/usage", () => {
  it("341 device-days in a 31-day month → \"11.0000\" units; the customer's charges at its MSSP's price (EUR 137.50), never the MSSP's cost", async () => {
    const { t, qsm } = await meteredCustomer();
    const customer = apiClient(await apiKeyOf(t.customer, t.customerAdmin));
    const { data, response } = await customer.GET("/usage", { params: { query: { accountId: t.customer.id, month: MONTH } } });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ accountId: t.customer.id, month: MONTH, timezone: "UTC", daysInMonth: 31, final: true });
    expect(data!.cutOffDay > `${MONTH}-31`).toBe(true);
    const service = data!.services.find((s) => s.serviceId === qsm.id)!;
    expect(service).toMatchObject({ service: "Quantum Spark Management", unit: "GATEWAY", deviceDays: 341, billableUnits: "11.0000", paygThreshold: 20, overThreshold: false });
    expect(service.contracts).toEqual([expect.objectContaining({ type: "PAYG", quantityThreshold: 20, contractId: expect.stringMatching(/^CT-/) })]);

    const charges = data!.charges!;
    expect(charges).toMatchObject({ seller: { id: t.mssp.id }, priceBook: "Standard", currency: "EUR", total: { amountMinor: 13750, currency: "EUR" }, forecastTotal: null });
    expect(charges.lines).toEqual([
      expect.objectContaining({
        kind: "PAYG",
        usageAccountId: t.customer.id,
        sku: "QSM-MGMT-STD",
        quantity: "11.0000",
        unitPrice: { amountMinor: 1250, currency: "EUR" },
        amount: { amountMinor: 13750, currency: "EUR" },
        forecastAmount: null,
      }),
    ]);
    expect(charges.lines.map((line) => line.unitPrice.amountMinor)).not.toContain(999);

    // The MSSP reads the same month of its customer: what the customer pays it.
    const mssp = apiClient(await apiKeyOf(t.mssp, t.msspAdmin, "READ_ONLY"));
    const seen = await mssp.GET("/usage", { params: { query: { accountId: t.customer.id, month: MONTH } } });
    expect(seen.data!.charges!.total).toEqual({ amountMinor: 13750, currency: "EUR" });
    // The distributor has nobody above it: no charges.
    const distributor = apiClient(await apiKeyOf(t.distributor, t.distributorAdmin));
    const own = await distributor.GET("/usage", { params: { query: { accountId: t.distributor.id, month: MONTH } } });
    expect(own.data).toMatchObject({ services: [], charges: null });
  });

  it("answers an ETag and 304 while nothing changed; a new metered day changes it", async () => {
    const { t } = await meteredCustomer();
    const client = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    const query = { accountId: t.customer.id, month: MONTH };
    const first = await client.GET("/usage", { params: { query } });
    const etag = first.response.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const again = await client.GET("/usage", { params: { query }, headers: { "If-None-Match": etag } });
    expect(again.response.status).toBe(304);
    await db.$executeRaw`UPDATE usage_daily SET payg_device_days = 12 WHERE account_id = ${t.customer.id}::uuid AND day = ${`${MONTH}-31`}::date`;
    const changed = await client.GET("/usage", { params: { query }, headers: { "If-None-Match": etag } });
    expect(changed.response.status).toBe(200);
    expect(changed.data!.services[0]).toMatchObject({ deviceDays: 342, billableUnits: "11.0323" });
  });

  it("refuses a malformed month or an unknown parameter (400 naming it); another tenant's or a malformed account is 404; no key 401; 429 past the limit", async () => {
    const { t } = await meteredCustomer();
    const other = await makeTenant("usage-api-other");
    const key = await apiKeyOf(t.mssp, t.msspAdmin);
    const client = apiClient(key);
    const bad = await client.GET("/usage", { params: { query: { accountId: t.customer.id, month: "2026-13" } } });
    expect(bad.response.status).toBe(400);
    expect(Object.keys(bad.error!.error.fields!)).toEqual(["month"]);
    const unknown = await client.GET("/usage", { params: { query: { accountId: t.customer.id, months: "1" } as never } });
    expect(unknown.response.status).toBe(400);
    expect(Object.keys(unknown.error!.error.fields!)).toEqual(["months"]);

    const theirs = await client.GET("/usage", { params: { query: { accountId: other.customer.id } } });
    const malformed = await client.GET("/usage", { params: { query: { accountId: "not-an-id" } } });
    expect([theirs.response.status, malformed.response.status]).toEqual([404, 404]);
    expect(theirs.error!.error.message).toBe(malformed.error!.error.message);
    expect((await apiClient(null).GET("/usage", { params: { query: { accountId: t.customer.id } } })).response.status).toBe(401);

    const limited = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    await expectRateLimited(() => limited.GET("/usage", { params: { query: { accountId: t.customer.id, month: MONTH } } }));
  });
});

describe("GET /api/v1/usage/daily", () => {
  it("per service and day: active and PAYG devices, final; filtered by service; refusals name their field", async () => {
    const { t, qsm } = await meteredCustomer();
    const client = apiClient(await apiKeyOf(t.customer, t.customerAdmin, "READ_ONLY"));
    const { data, response } = await client.GET("/usage/daily", { params: { query: { accountId: t.customer.id, month: MONTH, serviceId: qsm.id } } });
    expect(response.status).toBe(200);
    expect(data!.services).toHaveLength(1);
    const days = data!.services[0]!.days;
    expect(days).toHaveLength(31);
    expect(days[0]).toEqual({ day: `${MONTH}-01`, activeDevices: 11, paygDevices: 11, billable: true, final: true });
    expect(days.reduce((sum, day) => sum + day.paygDevices, 0)).toBe(341);

    const other = await db.service.findUniqueOrThrow({ where: { code: DX } });
    expect((await client.GET("/usage/daily", { params: { query: { accountId: t.customer.id, month: MONTH, serviceId: other.id } } })).data!.services).toEqual([]);
    const etag = response.headers.get("etag")!;
    const notModified = await client.GET("/usage/daily", { params: { query: { accountId: t.customer.id, month: MONTH, serviceId: qsm.id } }, headers: { "If-None-Match": etag } });
    expect(notModified.response.status).toBe(304);

    const badService = await client.GET("/usage/daily", { params: { query: { accountId: t.customer.id, serviceId: "qsm" } } });
    expect(badService.response.status).toBe(400);
    expect(Object.keys(badService.error!.error.fields!)).toEqual(["serviceId"]);
    // A customer's key never reaches its MSSP.
    expect((await client.GET("/usage/daily", { params: { query: { accountId: t.mssp.id } } })).response.status).toBe(404);
    expect((await apiClient(null).GET("/usage/daily", { params: { query: { accountId: t.customer.id } } })).response.status).toBe(401);
    const limited = apiClient(await apiKeyOf(t.customer, t.customerAdmin));
    await expectRateLimited(() => limited.GET("/usage/daily", { params: { query: { accountId: t.customer.id, month: MONTH } } }));
  });
});

describe("GET /api/v1/usage/evidence", () => {
  it("pages a day's devices by the id they report, then those purged since; a cursor it did not give is 400", async () => {
    const t = await makeTenant("usage-evidence");
    await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: DX, registeredOn: `${MONTH}-01`, expiresOn: null });
    const day = `${MONTH}-10`;
    const collector = await keyActor(t.mssp, t.msspAdmin.actor);
    await ingest(
      collector,
      ["laptop-c", "laptop-a", "laptop-b"].map((deviceId, i) => ({ deviceId, at: `${day}T0${i + 1}:00:00Z`, accountId: t.customer.id })),
      `${day}T23:00:00Z`,
    );
    const purged = await db.device.findFirstOrThrow({ where: { accountId: t.customer.id, externalId: "laptop-b" } });
    await db.device.delete({ where: { id: purged.id } });
    const dx = await db.service.findUniqueOrThrow({ where: { code: DX } });

    const client = apiClient(await apiKeyOf(t.customer, t.customerAdmin));
    const query = { accountId: t.customer.id, serviceId: dx.id, day, limit: 2 };
    const first = await client.GET("/usage/evidence", { params: { query } });
    expect(first.response.status).toBe(200);
    expect(first.data!.data.map((row) => row.externalId)).toEqual(["laptop-a", "laptop-c"]);
    expect(first.data!.data[0]).toMatchObject({ kind: "ENDPOINT", events: 1, firstSeenAt: `${day}T02:00:00.000Z`, lastSeenAt: `${day}T02:00:00.000Z`, endUser: null });
    expect(first.data!.nextCursor).not.toBeNull();
    const second = await client.GET("/usage/evidence", { params: { query: { ...query, cursor: first.data!.nextCursor! } } });
    expect(second.data).toEqual({ data: [expect.objectContaining({ deviceId: purged.id, externalId: null })], nextCursor: null });
    // All on one page: the same devices, no cursor.
    const whole = await client.GET("/usage/evidence", { params: { query: { ...query, limit: 3 } } });
    expect(whole.data!.data.map((row) => row.externalId)).toEqual(["laptop-a", "laptop-c", null]);
    expect(whole.data!.nextCursor).toBeNull();

    for (const [bad, field] of [[{ cursor: "bm90LWEtY3Vyc29y" }, "cursor"], [{ day: "10/01" }, "day"], [{ limit: 0 }, "limit"], [{ serviceId: "dx" }, "serviceId"]] as const) {
      const refused = await client.GET("/usage/evidence", { params: { query: { ...query, ...bad } } });
      expect(refused.response.status).toBe(400);
      expect(Object.keys(refused.error!.error.fields!)).toEqual([field]);
    }
    // Another tenant's key: the account is not found, and so is its evidence.
    const other = await makeTenant("usage-evidence-other");
    const theirs = apiClient(await apiKeyOf(other.mssp, other.msspAdmin));
    expect((await theirs.GET("/usage/evidence", { params: { query } })).response.status).toBe(404);
    expect((await apiClient(null).GET("/usage/evidence", { params: { query } })).response.status).toBe(401);
    const limited = apiClient(await apiKeyOf(t.customer, t.customerAdmin));
    await expectRateLimited(() => limited.GET("/usage/evidence", { params: { query } }));
  });

  it("exercised every status the Usage operations document", () => {
    expectEveryDocumentedStatus("Usage");
  });
});
