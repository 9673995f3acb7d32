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
