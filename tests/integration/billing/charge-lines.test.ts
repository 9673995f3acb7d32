import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { isoDateToDb } from "@/lib/dates";
import { computeSellerCharges } from "@/server/billing/seller-charges";
import { makeAccount, makeTenant } from "../../support/factories";
import { AD360, insertContract, QSM } from "../../support/contract-factories";

/** Metered PAYG device-days of one account and service: `perDay` on each of `days` days from `first`. */
async function meter(accountId: string, serviceCode: string, first: string, days: number, perDay: number) {
  const service = await db.service.findUniqueOrThrow({ where: { code: serviceCode } });
  await db.$executeRaw`
    INSERT INTO usage_daily (account_id, service_id, day, active_devices, payg_device_days, billable, payg)
    SELECT ${accountId}::uuid, ${service.id}::uuid, d::date, ${perDay}, ${perDay}, true, true
    FROM generate_series(${first}::date, ${first}::date + ${days - 1}::int, interval '1 day') d`;
}

async function priceBook(sellerId: string, prices: { sku: string; kind: "PAYG_UNIT" | "SUBSCRIPTION_MONTH" | "SEAT" | "LICENCE_YEAR"; from: string; minor: number }[]) {
  return db.priceBook.create({
    data: {
      accountId: sellerId,
      name: "Standard",
      currency: "EUR",
      defaultKey: sellerId,
      createdBy: "test",
      prices: { create: prices.map((p) => ({ accountId: sellerId, sku: p.sku, kind: p.kind, fromMonth: isoDateToDb(`${p.from}-01`), unitPriceMinor: p.minor, createdBy: "test" })) },
    },
  });
}

// Far from any real date, and after every month the test bills, so every day counted is metered.
const NOW = new Date("2027-06-10T12:00:00Z");

describe("charge lines (docs/money.md#rounding)", () => {
  it("reproduce the worked numbers: PAYG units from device-days, a prorated subscription, NFR at 0", async () => {
    const t = await makeTenant("charges");
    const small = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${t.customer.name}-small` });
    await priceBook(t.mssp.id, [
      { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2027-01", minor: 1250 },
      // Changed "from next month": January keeps EUR 12.50.
      { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2027-02", minor: 1500 },
      { sku: "AD360-STD", kind: "SUBSCRIPTION_MONTH", from: "2027-01", minor: 200 },
    ]);
    await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: QSM, registeredOn: "2026-12-01", expiresOn: null, quantity: 20 });
    await insertContract({ accountId: small.id, type: "PAYG", serviceCode: QSM, registeredOn: "2026-12-01", expiresOn: null, quantity: 20 });
    await insertContract({ accountId: t.customer.id, type: "NFR", serviceCode: AD360, registeredOn: "2026-12-01", expiresOn: "2027-12-31", quantity: 10 });
    await insertContract({ accountId: t.customer.id, type: "SUBSCRIPTION", serviceCode: AD360, registeredOn: "2027-04-10", expiresOn: "2028-04-09", quantity: 50 });
    await meter(t.customer.id, QSM, "2027-01-01", 31, 11); // 341 device-days in a 31-day month
    await meter(small.id, QSM, "2027-01-01", 14, 1); // 14 device-days

    const mssp = { ...t.mssp, kind: "MSSP" as const };
    const january = await computeSellerCharges(db, { seller: mssp, month: "2027-01", now: NOW });
    const big = january.find((b) => b.buyer.id === t.customer.id)!;
    const payg = big.lines.find((line) => line.kind === "PAYG")!;
    expect(payg).toMatchObject({ sku: "QSM-MGMT-STD", quantityE4: 110000n, unitPriceMinor: 1250n, amountMinor: 13750n });
    const nfr = big.lines.find((line) => line.kind === "NOT_CHARGED")!;
    expect(nfr).toMatchObject({ sku: "AD360-STD", amountMinor: 0n, note: "Not For Resale: never charged" });
    expect(big.totalMinor).toBe(13750n);
    expect(big.book?.currency).toBe("EUR");

    const smallLines = january.find((b) => b.buyer.id === small.id)!.lines;
    // 14 × 1250 ÷ 31 = 564.5… → 565 cents, from the device-days, not the rounded units (0.4516).
    expect(smallLines.find((line) => line.kind === "PAYG")).toMatchObject({ quantityE4: 4516n, amountMinor: 565n });

    // April: 50 units × EUR 2.00, live from the 10th of a 30-day month = 7,000 cents.
    const april = await computeSellerCharges(db, { seller: mssp, month: "2027-04", now: NOW, buyerIds: [t.customer.id] });
    expect(april).toHaveLength(1);
    const subscription = april[0]!.lines.find((line) => line.kind === "SUBSCRIPTION")!;
    expect(subscription).toMatchObject({ unitPriceMinor: 200n, amountMinor: 7000n, quantityE4: 350000n });

    // The distributor bills the MSSP's whole tree at its own prices: none yet, so 0 with the reason.
    const distributor = { ...t.distributor, kind: "DISTRIBUTOR" as const };
    const upward = await computeSellerCharges(db, { seller: distributor, month: "2027-01", now: NOW });
    const msspLines = upward.find((b) => b.buyer.id === t.mssp.id)!.lines.filter((line) => line.kind === "PAYG");
    expect(msspLines.map((line) => line.usageAccountId).sort()).toEqual([t.customer.id, small.id].sort());
    expect(msspLines.every((line) => line.amountMinor === 0n && line.note === "No price in any price book")).toBe(true);
  });
});

describe("charge lines of location licences and pool orders (docs/money.md#what-is-charged)", () => {
  it("bill an annual licence in its start month at its tier, a monthly one a twelfth every month, a pool order in its month", async () => {
    const t = await makeTenant("charges-licences");
    await priceBook(t.mssp.id, [
      { sku: "GW-AP", kind: "LICENCE_YEAR", from: "2027-01", minor: 18_000 },
      { sku: "GW-ROOM", kind: "LICENCE_YEAR", from: "2027-01", minor: 9_000 },
    ]);
    const book = await db.priceBook.findFirstOrThrow({ where: { accountId: t.mssp.id } });
    // Tiers: from 10 access points EUR 150.00 a year; from 50 rooms EUR 75.06 (a twelfth is 625.5 cents).
    await db.price.createMany({
      data: [
        { accountId: t.mssp.id, priceBookId: book.id, sku: "GW-AP", kind: "LICENCE_YEAR", minUnits: 10, fromMonth: isoDateToDb("2027-01-01"), unitPriceMinor: 15_000, createdBy: "test" },
        { accountId: t.mssp.id, priceBookId: book.id, sku: "GW-ROOM", kind: "LICENCE_YEAR", minUnits: 50, fromMonth: isoDateToDb("2027-01-01"), unitPriceMinor: 7_506, createdBy: "test" },
      ],
    });
    const location = await db.location.create({ data: { accountId: t.customer.id, name: "Harbour Hotel", address: "1 Quay", sector: "HOSPITALITY", rooms: 80 } });
    const licence = (key: string, payment: "ANNUAL" | "MONTHLY", size: { maxAccessPoints?: number; maxRooms?: number }, startsOn: string, endsOn: string) =>
      db.locationLicence.create({
        data: {
          accountId: t.customer.id, key, locationId: location.id, partnerAccountId: t.mssp.id, distributorAccountId: t.distributor.id, years: 1, payment,
          ...size, modules: [], status: "IN_USE", startsOn: isoDateToDb(startsOn), endsOn: isoDateToDb(endsOn), createdBy: "test",
        },
      });
    await licence(`ANNUAL-${t.customer.id}`, "ANNUAL", { maxAccessPoints: 12 }, "2027-02-14", "2028-02-13");
    await licence(`MONTHLY-${t.customer.id}`, "MONTHLY", { maxRooms: 80 }, "2027-01-20", "2028-01-19");

    const mssp = { ...t.mssp, kind: "MSSP" as const };
    const licenceLines = async (month: string) =>
      (await computeSellerCharges(db, { seller: mssp, month, now: NOW, buyerIds: [t.customer.id] }))[0]!.lines
        .filter((line) => line.kind === "LICENCE")
        .map((line) => [line.sku, line.unitPriceMinor, line.amountMinor]);
    // January: the monthly licence only (7,506 ÷ 12 = 625.5 → 626, rounded once); the annual one starts in February.
    expect(await licenceLines("2027-01")).toEqual([["GW-ROOM", 7_506n, 626n]]);
    // February: the annual licence's year at the tier of 12 access points (from 10), and the monthly twelfth.
    expect((await licenceLines("2027-02")).sort()).toEqual([["GW-AP", 15_000n, 15_000n], ["GW-ROOM", 7_506n, 626n]]);
    // March: no anniversary, so the monthly twelfth alone.
    expect(await licenceLines("2027-03")).toEqual([["GW-ROOM", 7_506n, 626n]]);

    // A pool block ordered by the MSSP on 5 March: a line of March on its distributor's statement, at its own price.
    await priceBook(t.distributor.id, [{ sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2027-01", minor: 800 }]);
    const service = await db.service.findUniqueOrThrow({ where: { code: "endpoint-protection-plus" } });
    const pool = await db.annualPool.create({ data: { accountId: t.mssp.id, serviceId: service.id, years: 2, available: 10 } });
    await db.poolOrder.create({
      data: { accountId: t.mssp.id, poolId: pool.id, quantity: 10, tierMinQuantity: 1, unitPriceCents: 3_000, totalCents: 60_000n, orderedBy: "test", createdAt: new Date("2027-03-05T10:00:00Z") },
    });
    const distributor = { ...t.distributor, kind: "DISTRIBUTOR" as const };
    const poolLines = async (month: string) =>
      (await computeSellerCharges(db, { seller: distributor, month, now: NOW, buyerIds: [t.mssp.id] }))
        .flatMap((buyer) => buyer.lines)
        .filter((line) => line.kind === "POOL_ORDER")
        .map((line) => [line.quantityE4, line.unitPriceMinor, line.amountMinor]);
    expect(await poolLines("2027-02")).toEqual([]);
    // 10 licences × EUR 30.00 × 2 years = EUR 600.00.
    expect(await poolLines("2027-03")).toEqual([[100_000n, 6_000n, 60_000n]]);
    // The MSSP sells no pool blocks: its customer's statement never carries them.
    expect((await computeSellerCharges(db, { seller: mssp, month: "2027-03", now: NOW })).flatMap((buyer) => buyer.lines).some((line) => line.kind === "POOL_ORDER")).toBe(false);
  });
});
