import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { dbDateToIso } from "@/lib/dates";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";
import { at, ingestAsSent, keyActor } from "../../support/telemetry-helpers";

/**
 * rollUpMonths finds the months due per (account, service) from its last
 * month rolled up, so it never rereads a long history — and still rolls up a
 * month that became due for one pair after the others had it rolled up.
 */

async function months(accountId: string) {
  const rows = await db.usageMonthly.findMany({ where: { accountId }, include: { service: { select: { code: true } } } });
  return rows
    .map((row) => ({ service: row.service.code, month: dbDateToIso(row.month), days: row.paygDeviceDays, seats: row.monthlyActiveSeats }))
    .sort((a, b) => a.service.localeCompare(b.service) || a.month.localeCompare(b.month));
}

describe("rollUpMonths", () => {
  it("catches up several months in order, then a month that a backdated contract made due for a new service only", async () => {
    const t = await makeTenant("rollup-months");
    const customer = t.customer;
    await insertContract({ accountId: customer.id, type: "PAYG", serviceCode: "adaptive-defense-360", registeredOn: "2028-01-01", expiresOn: null });
    const key = await keyActor(customer, t.msspAdmin.actor);
    await ingestAsSent(key, [
      { deviceId: "laptop-1", at: "2028-01-10T10:00:00Z" },
      { deviceId: "laptop-2", at: "2028-01-11T10:00:00Z" },
      { deviceId: "laptop-1", at: "2028-02-03T10:00:00Z" },
      { deviceId: "laptop-1", at: "2028-03-03T10:00:00Z" },
    ], "2028-03-03T12:00:00Z");

    // Down from January to April: one run meters every final day, then rolls up January, February and March.
    const april = at("2028-04-10T00:00:00Z");
    await meterDays(db, { now: april, accountIds: [customer.id] });
    expect(await rollUpMonths(db, { now: april, accountIds: [customer.id] })).toBe(3);
    expect(await months(customer.id)).toEqual([
      { service: "adaptive-defense-360", month: "2028-01", days: 2, seats: 2 },
      { service: "adaptive-defense-360", month: "2028-02", days: 1, seats: 1 },
      { service: "adaptive-defense-360", month: "2028-03", days: 1, seats: 1 },
    ].map((row) => ({ ...row, month: `${row.month}-01` })));
    // Again: nothing left.
    expect(await rollUpMonths(db, { now: april, accountIds: [customer.id] })).toBe(0);

    // A contract of a second device service, registered back in February, is added in April: the next
    // run meters its February and March days, and February and March roll up for it alone.
    await insertContract({ accountId: customer.id, type: "PAYG", serviceCode: "endpoint-protection-plus", registeredOn: "2028-02-01", expiresOn: null });
    const later = at("2028-04-11T00:00:00Z");
    await meterDays(db, { now: later, accountIds: [customer.id] });
    expect(await rollUpMonths(db, { now: later, accountIds: [customer.id] })).toBe(2);
    expect((await months(customer.id)).filter((row) => row.service === "endpoint-protection-plus")).toEqual([
      { service: "endpoint-protection-plus", month: "2028-02-01", days: 1, seats: 1 },
      { service: "endpoint-protection-plus", month: "2028-03-01", days: 1, seats: 1 },
    ]);
    // The first service's months are untouched.
    expect((await months(customer.id)).filter((row) => row.service === "adaptive-defense-360")).toHaveLength(3);
  });
});
