import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PriceKind } from "@/generated/prisma/enums";
import { isoDateToDb } from "@/lib/dates";
import { adviceSentence, countSubjects } from "@/lib/savings-advice-text";
import { computeSavingsAdvice } from "@/server/billing/advice/compute-savings-advice";
import { listSavingsAdvice } from "@/server/billing/advice/list-savings-advice";
import { db } from "@/server/db";
import { meterDays } from "@/server/metering/meter-days";
import { firmwareRank, parseFirmware } from "@/server/plans/firmware-version";
import { expectAppError } from "../../support/expect-app-error";
import { makeAccount, makeActor, makeTenant, type TestAccount } from "../../support/factories";
import { AD360, insertContract, QSM } from "../../support/contract-factories";

/*
 * Worked numbers of docs/money.md#advice. The clock is pinned to 10 December 2026 (UTC): the last
 * final day is 6 December, so the window is December 2025 – November 2026, 365 days.
 */
const NOW = new Date("2026-12-10T12:00:00Z");

async function book(sellerId: string, prices: { sku: string; kind: PriceKind; from: string; minor: number }[], name = "Standard") {
  return db.priceBook.create({
    data: {
      accountId: sellerId,
      name,
      currency: "EUR",
      defaultKey: sellerId,
      createdBy: "test",
      prices: { create: prices.map((p) => ({ accountId: sellerId, sku: p.sku, kind: p.kind, fromMonth: isoDateToDb(`${p.from}-01`), unitPriceMinor: p.minor, createdBy: "test" })) },
    },
  });
}

/** A PAYG contract of the gateway service on the PAYG package, and a plan of `licenceType` with one gateway named `name`. */
async function paygGatewaySetup(t: Awaited<ReturnType<typeof makeTenant>>, account: TestAccount, registeredOn = "2025-06-01") {
  const contract = await insertContract({ accountId: account.id, type: "PAYG", serviceCode: QSM, registeredOn, expiresOn: null, quantity: 20 });
  const paygPackage = await db.package.findUniqueOrThrow({ where: { sku: "QSM-MGMT-PAYG" } });
  await db.contract.update({ where: { id: contract.id }, data: { packageId: paygPackage.id } });
  const service = await db.service.findUniqueOrThrow({ where: { code: QSM } });
  const plan = await db.plan.create({ data: { accountId: t.mssp.id, serviceId: service.id, name: `PAYG ${randomUUID().slice(0, 6)}`, licenceType: "PAYG" } });
  return { contract, plan, service };
}

async function gateway(accountId: string, planId: string | null, name: string, options: { lockedToPlan?: boolean; ownLicenceType?: "PAYG" | "SUBSCRIPTION" } = {}) {
  const gw = await db.gateway.create({
    data: {
      accountId,
      planId,
      name,
      serialNumber: `SN-${randomUUID().slice(0, 12).toUpperCase()}`,
      firmwareVersion: "R82.10",
      firmwareRank: firmwareRank(parseFirmware("R82.10")!),
      lockedToPlan: options.lockedToPlan ?? true,
      ownLicenceType: options.ownLicenceType ?? "SUBSCRIPTION",
    },
  });
  const device = await db.device.create({ data: { accountId, externalId: gw.serialNumber, kind: "GATEWAY", gatewayId: gw.id } });
  return { gw, device };
}

/** Daily activity of one device on every day of [from, to] except [skipFrom, skipTo]. */
async function active(accountId: string, deviceId: string, from: string, to: string, options: { payg: boolean; kind?: "GATEWAY" | "ENDPOINT"; skip?: [string, string] }) {
  const [skipFrom, skipTo] = options.skip ?? ["1900-01-01", "1900-01-01"];
  await db.$executeRaw`
    INSERT INTO device_daily_activity (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, payg)
    SELECT ${accountId}::uuid, d::date, ${deviceId}::uuid, d + interval '9 hours', d + interval '17 hours', 4, ${options.kind ?? "GATEWAY"}::"DeviceKind", ${options.payg}
    FROM generate_series(${from}::date, ${to}::date, interval '1 day') d
    WHERE NOT (d::date BETWEEN ${skipFrom}::date AND ${skipTo}::date)`;
}

const adviceOf = (accountId: string) =>
  db.savingsAdvice.findMany({ where: { accountId }, orderBy: [{ subjectType: "asc" }, { savingMinor: "desc" }] });

describe("savings advice (docs/money.md#advice)", () => {
  it("CP-1234 ran PAYG on 341 of the last 365 days — a 1-year subscription would have cost EUR 212.00 less", async () => {
    const t = await makeTenant("advice");
    const { plan } = await paygGatewaySetup(t, t.customer);
    // EUR 27.50 per device-month on PAYG, EUR 8.00 per unit-month by subscription, set only from this month:
    // the window's months take the first price that came into force (docs/money.md#advice).
    await book(t.mssp.id, [
      { sku: "QSM-MGMT-PAYG", kind: "PAYG_UNIT", from: "2026-12", minor: 2750 },
      { sku: "QSM-MGMT-PAYG", kind: "SUBSCRIPTION_MONTH", from: "2026-12", minor: 800 },
      // The default package's prices must not be used: the PAYG contract is on QSM-MGMT-PAYG.
      { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2020-01", minor: 9999 },
    ]);
    const cp = await gateway(t.customer.id, plan.id, "CP-1234");
    // Every day of the window but 7–30 June (24 days): 341 days. June is 6 ÷ 30 of a month.
    await active(t.customer.id, cp.device.id, "2025-11-20", "2026-12-08", { payg: true, skip: ["2026-06-07", "2026-06-30"] });
    // A gateway in a subscription plan active every day: not PAYG, never advised.
    const service = await db.service.findUniqueOrThrow({ where: { code: QSM } });
    const subscriptionPlan = await db.plan.create({ data: { accountId: t.mssp.id, serviceId: service.id, name: `Sub ${randomUUID().slice(0, 6)}`, licenceType: "SUBSCRIPTION" } });
    const other = await gateway(t.customer.id, subscriptionPlan.id, "CP-9999");
    await active(t.customer.id, other.device.id, "2025-12-01", "2026-11-30", { payg: false });
    await meterDays(db, { now: NOW, accountIds: [t.customer.id] });

    const result = await computeSavingsAdvice(db, { now: NOW, accountIds: [t.customer.id] });
    expect(result).toMatchObject({ adviceAccounts: 1, adviceWindowsRead: 1, adviceRows: 2, adviceSuggestions: 2 });

    const [gatewayRow, serviceRow] = await adviceOf(t.customer.id);
    // 11 full months × 2,750 + June 6 × 2,750 ÷ 30 = 30,250 + 550 = 30,800; 12 × 800 = 9,600.
    expect(gatewayRow).toMatchObject({
      subjectType: "GATEWAY",
      subjectId: cp.gw.id,
      sku: "QSM-MGMT-PAYG",
      days: 341,
      windowDays: 365,
      peakUnits: 1,
      suggestion: "SUBSCRIPTION",
      suggestedQuantity: 1,
      currency: "EUR",
      priceBookName: "Standard",
      costNowMinor: 30_800n,
      costWithMinor: 9_600n,
      savingMinor: 21_200n,
      note: "",
    });
    expect(gatewayRow!.monthlyDeviceDays).toEqual([31, 31, 28, 31, 30, 31, 6, 31, 31, 30, 31, 30]);
    expect(gatewayRow!.throughMonth.toISOString().slice(0, 10)).toBe("2026-11-01");
    // The account's PAYG usage of the service: one gateway, so the same numbers, as a pooled subscription of 1 unit.
    expect(serviceRow).toMatchObject({ subjectType: "SERVICE", peakUnits: 1, days: 341, savingMinor: 21_200n, suggestedQuantity: 1 });

    const page = await listSavingsAdvice(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, pageSize: 20 });
    const row = page.page.rows.find((r) => r.subjectType === "GATEWAY")!;
    expect(adviceSentence({ ...row, subjectName: row.subject.name })).toBe(
      "CP-1234 ran PAYG on 341 of the last 365 days — a 1-year subscription would have cost EUR 212.00 less.",
    );
    expect(row.current).toBe(`Pay-As-You-Go (plan ${plan.name})`);
    // The customer is not the plan's owner and the plan is not shared with it: its owner switches it.
    expect(row.action).toEqual({ managedBy: "the plan's owner" });
    const msspView = await listSavingsAdvice(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, pageSize: 20 });
    expect(msspView.page.rows.find((r) => r.id === row.id)!.action).toEqual({ href: `/a/${t.mssp.id}/plans/${plan.id}/licence`, label: `License type of plan ${plan.name}` });
    expect(page.computedAt).toEqual(NOW);
    expect(page.throughMonth).toBe("2026-11");
  });

  it("prices each month at that month's price, rounds each month half up once, and pools the account's gateways at its peak", async () => {
    const t = await makeTenant("advice-months");
    const customer = await makeAccount({ kind: "CUSTOMER", parent: t.mssp });
    await paygGatewaySetup(t, customer);
    await book(t.mssp.id, [
      { sku: "QSM-MGMT-PAYG", kind: "PAYG_UNIT", from: "2025-01", minor: 2750 },
      // From March 2026 the PAYG price rises: months before keep EUR 27.50.
      { sku: "QSM-MGMT-PAYG", kind: "PAYG_UNIT", from: "2026-03", minor: 3100 },
      { sku: "QSM-MGMT-PAYG", kind: "SUBSCRIPTION_MONTH", from: "2025-01", minor: 800 },
    ]);
    // Unlocked gateways on their own PAYG licence type.
    const a = await gateway(customer.id, null, "gw-a", { lockedToPlan: false, ownLicenceType: "PAYG" });
    const b = await gateway(customer.id, null, "gw-b", { lockedToPlan: false, ownLicenceType: "PAYG" });
    // a: every day from December 2025; b: 1–7 January 2026 only.
    await active(customer.id, a.device.id, "2025-12-01", "2026-12-31", { payg: true });
    await active(customer.id, b.device.id, "2026-01-01", "2026-01-07", { payg: true });
    await meterDays(db, { now: NOW, accountIds: [customer.id] });
    await computeSavingsAdvice(db, { now: NOW, accountIds: [customer.id] });

    const rows = await adviceOf(customer.id);
    const ofGateway = (id: string) => rows.find((row) => row.subjectId === id)!;
    // a: December–February at 2,750, March–November at 3,100: 8,250 + 27,900 = 36,150 against 12 × 800 = 9,600.
    expect(ofGateway(a.gw.id)).toMatchObject({ costNowMinor: 36_150n, costWithMinor: 9_600n, savingMinor: 26_550n, suggestion: "SUBSCRIPTION" });
    // b: 7 × 2,750 ÷ 31 = 620.97… → 621 against 9,600: PAYG was cheaper, nothing suggested.
    expect(ofGateway(b.gw.id)).toMatchObject({ costNowMinor: 621n, savingMinor: -8_979n, suggestion: null, note: "" });
    // The account pooled: January's 38 device-days × 2,750 ÷ 31 = 3,370.97… → 3,371 (not 2,750 + 621 rounded apart),
    // 2,750 + 3,371 + 2,750 + 27,900 = 36,771 against a peak of 2 units × 12 × 800 = 19,200.
    expect(rows.find((row) => row.subjectType === "SERVICE")).toMatchObject({ peakUnits: 2, costNowMinor: 36_771n, costWithMinor: 19_200n, savingMinor: 17_571n, suggestedQuantity: 2 });

    // The same window again: the gateways' usage is not read from the activity again, the numbers stay.
    const again = await computeSavingsAdvice(db, { now: NOW, accountIds: [customer.id] });
    expect(again).toMatchObject({ adviceWindowsRead: 0, adviceRows: 3 });
    expect((await adviceOf(customer.id)).find((row) => row.subjectId === a.gw.id)).toMatchObject({ costNowMinor: 36_150n });
    // A month later the window is January – December 2026: read again; a = 2 × 2,750 + 10 × 3,100 = 36,500.
    const january = new Date("2027-01-10T12:00:00Z");
    await meterDays(db, { now: january, accountIds: [customer.id] });
    const moved = await computeSavingsAdvice(db, { now: january, accountIds: [customer.id] });
    expect(moved.adviceWindowsRead).toBe(1);
    const later = await adviceOf(customer.id);
    expect(later.filter((row) => row.subjectId === a.gw.id)).toEqual([expect.objectContaining({ costNowMinor: 36_500n, throughMonth: isoDateToDb("2026-12-01") })]);
  });

  it("a mostly idle subscription: a smaller quantity, or PAYG when it costs less, whichever saves more", async () => {
    const t = await makeTenant("advice-idle");
    const idle = await makeAccount({ kind: "CUSTOMER", parent: t.mssp });
    const sparse = await makeAccount({ kind: "CUSTOMER", parent: t.mssp });
    await book(t.mssp.id, [
      { sku: "AD360-STD", kind: "SUBSCRIPTION_MONTH", from: "2025-01", minor: 200 },
      { sku: "QSM-MGMT-STD", kind: "SUBSCRIPTION_MONTH", from: "2025-01", minor: 800 },
      { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2025-01", minor: 2750 },
    ]);
    // 50 units of Adaptive Defense 360 from 10 February 2026, never more than 12 endpoints a day.
    const ad360 = await insertContract({ accountId: idle.id, type: "SUBSCRIPTION", serviceCode: AD360, registeredOn: "2026-02-10", expiresOn: "2027-02-09", quantity: 50 });
    for (let i = 0; i < 12; i++) await active(idle.id, randomUUID(), "2026-02-10", "2026-12-08", { payg: false, kind: "ENDPOINT" });
    // 10 units of the gateway service all year, two gateways on ten days of March only.
    const qsm = await insertContract({ accountId: sparse.id, type: "SUBSCRIPTION", serviceCode: QSM, registeredOn: "2025-06-01", expiresOn: "2027-05-31", quantity: 10 });
    for (let i = 0; i < 2; i++) await active(sparse.id, randomUUID(), "2026-03-01", "2026-03-10", { payg: false });
    await meterDays(db, { now: NOW, accountIds: [idle.id, sparse.id] });
    await computeSavingsAdvice(db, { now: NOW, accountIds: [idle.id, sparse.id] });

    // Live 19 of February's 28 days, then March–November: now 50 × 200 × 19 ÷ 28 = 6,785.7… → 6,786 + 9 × 10,000 = 96,786;
    // with 12 units 1,628.6… → 1,629 + 9 × 2,400 = 23,229. The service is not sold PAYG.
    const [smaller] = await adviceOf(idle.id);
    expect(smaller).toMatchObject({
      subjectType: "CONTRACT",
      subjectId: ad360.id,
      quantity: 50,
      peakUnits: 12,
      days: 19 + 275,
      suggestion: "SMALLER_QUANTITY",
      suggestedQuantity: 12,
      costNowMinor: 96_786n,
      costWithMinor: 23_229n,
      savingMinor: 73_557n,
    });
    expect(smaller!.monthlyLiveDays).toEqual([0, 0, 19, 31, 30, 31, 30, 31, 31, 30, 31, 30]);
    // Now 12 × 8,000 = 96,000; 2 units 19,200; PAYG 20 device-days × 2,750 ÷ 31 = 1,774.1… → 1,774: PAYG saves more.
    const [payg] = await adviceOf(sparse.id);
    expect(payg).toMatchObject({ subjectId: qsm.id, peakUnits: 2, suggestion: "PAYG", costNowMinor: 96_000n, costWithMinor: 1_774n, savingMinor: 94_226n });

    const page = await listSavingsAdvice(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, pageSize: 20 });
    // Largest saving first, across the MSSP's tree.
    expect(page.page.rows.map((row) => row.savingMinor)).toEqual([94_226n, 73_557n]);
    expect(page.page.rows[1]!.action).toEqual({ href: `/a/${idle.id}/contracts/${ad360.id}/edit`, label: expect.stringMatching(/^Edit Contract CT-\d{6}$/) });
    const sentence = adviceSentence({ ...page.page.rows[1]!, subjectName: page.page.rows[1]!.subject.name });
    expect(sentence).toMatch(/^CT-\d{6} had at most 12 devices active a day for its 50 units in its 294 live days of the last 365 days — 12 units would have cost EUR 735\.57 less\.$/);
    // Its customer admin cannot edit contracts (its parent's admins do): the row names who does.
    const idleAdmin = await makeActor(idle, "ADMIN");
    const own = await listSavingsAdvice(db, { actor: idleAdmin.actor, accountId: idle.id, pageSize: 20 });
    expect(own.page.rows).toHaveLength(1);
    expect(own.page.rows[0]!.action).toEqual({ managedBy: t.mssp.name });
  });

  it("no price of a kind: no suggestion, the page says which price is missing; a rerun replaces, a removed gateway goes", async () => {
    const t = await makeTenant("advice-noprice");
    const { plan } = await paygGatewaySetup(t, t.customer);
    await book(t.mssp.id, [{ sku: "QSM-MGMT-PAYG", kind: "PAYG_UNIT", from: "2025-01", minor: 2750 }]);
    const gw = await gateway(t.customer.id, plan.id, "gw-x");
    await active(t.customer.id, gw.device.id, "2025-12-01", "2026-11-30", { payg: true });
    await meterDays(db, { now: NOW, accountIds: [t.customer.id] });
    await computeSavingsAdvice(db, { now: NOW, accountIds: [t.customer.id] });
    const rows = await adviceOf(t.customer.id);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ suggestion: null, costNowMinor: null, savingMinor: null, note: "No subscription price for QSM-MGMT-PAYG in Standard." });
    }
    const page = await listSavingsAdvice(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, pageSize: 20 });
    expect(page.page.rows).toEqual([]);
    expect(page.unpriced).toEqual([
      {
        note: "No subscription price for QSM-MGMT-PAYG in Standard.",
        counts: [
          { subjectType: "GATEWAY", count: 1 },
          { subjectType: "SERVICE", count: 1 },
        ],
      },
    ]);
    expect(countSubjects(page.unpriced[0]!.counts)).toBe("1 gateway and 1 PAYG service");

    // Twice at the same moment: one row per subject, as before.
    await Promise.all([computeSavingsAdvice(db, { now: NOW, accountIds: [t.customer.id] }), computeSavingsAdvice(db, { now: NOW, accountIds: [t.customer.id] })]);
    expect(await adviceOf(t.customer.id)).toHaveLength(2);
    await db.gateway.delete({ where: { id: gw.gw.id } });
    await computeSavingsAdvice(db, { now: NOW, accountIds: [t.customer.id] });
    expect((await adviceOf(t.customer.id)).map((row) => row.subjectType)).toEqual(["SERVICE"]);
  });

  it("is not found for an account out of reach", async () => {
    const a = await makeTenant("advice-a");
    const b = await makeTenant("advice-b");
    await expectAppError(listSavingsAdvice(db, { actor: a.msspAdmin.actor, accountId: b.customer.id, pageSize: 20 }), "NOT_FOUND");
  });
});
