import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";
import { registerGateway } from "@/server/gateways/register-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import { ingestTelemetry } from "@/server/metering/ingest-telemetry";
import type { TelemetryEventInput } from "@/server/metering/telemetry-input";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { getUsageReport, listEvidence } from "@/server/usage";
import { makeTenant, type TestAccount } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { insertContract } from "../../support/contract-factories";

/**
 * Usage across tenants: tenant A's people never read tenant B's usage or
 * evidence (NOT_FOUND, exactly as a missing id), a roll-up covers one's own
 * subtree only, and identical device and event ids in both tenants never mix.
 * Telemetry is for June 2028, metered for these tenants' accounts only.
 */

const MISSING = "00000000-0000-4000-8000-000000000000";
const DX = "defensx-web-security";
const JUNE_FINAL = new Date("2028-07-05T00:05:00Z");
type Tenant = Awaited<ReturnType<typeof makeTenant>>;

const day = (n: number) => `2028-06-${String(n).padStart(2, "0")}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function keyActor(t: Tenant): Promise<Actor> {
  const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Collector" });
  return (await authenticateApiKey(db, `Bearer ${key}`))!;
}

/** A month of telemetry: each device reports at noon UTC on its days, with an event id that repeats across tenants. */
async function sendJune(actor: Actor, plan: { account: TestAccount; device: string; days: number[] }[]) {
  for (const n of range(1, 30)) {
    const events: TelemetryEventInput[] = plan
      .filter((entry) => entry.days.includes(n))
      .map((entry) => ({ eventId: `${entry.device}-${day(n)}`, deviceId: entry.device, kind: "ENDPOINT", at: `${day(n)}T12:00:00Z`, accountId: entry.account.id }));
    if (events.length) await ingestTelemetry(db, { actor, events, now: new Date(`${day(n)}T23:00:00Z`) });
  }
}

async function twoTenants() {
  const a = await makeTenant("usage-a");
  const b = await makeTenant("usage-b");
  for (const account of [a.customer, a.grandCustomer, b.customer, b.grandCustomer]) {
    await insertContract({ accountId: account.id, type: "PAYG", serviceCode: DX, registeredOn: "2028-06-01", expiresOn: null });
  }
  // The same external device ids and event ids on both sides.
  await sendJune(await keyActor(a), [
    { account: a.customer, device: "laptop-1", days: range(1, 20) },
    { account: a.customer, device: "laptop-2", days: range(1, 10) },
    { account: a.grandCustomer, device: "laptop-1", days: [5, 6] },
  ]);
  const bKey = await keyActor(b);
  await sendJune(bKey, [
    { account: b.customer, device: "laptop-1", days: range(1, 30) },
    { account: b.customer, device: "laptop-2", days: range(1, 30) },
    { account: b.customer, device: "laptop-3", days: range(15, 20) },
    { account: b.grandCustomer, device: "laptop-9", days: range(1, 30) },
  ]);
  const accountIds = [a, b].flatMap((t) => [t.distributor, t.mssp, t.customer, t.childMssp, t.grandCustomer].map((account) => account.id));
  await meterDays(db, { now: JUNE_FINAL, accountIds });
  await rollUpMonths(db, { now: JUNE_FINAL, accountIds });
  // A late event in B: a correction only B may see.
  await ingestTelemetry(db, { actor: bKey, events: [{ deviceId: "laptop-4", kind: "ENDPOINT", at: "2028-06-28T12:00:00Z", accountId: b.customer.id }], now: JUNE_FINAL });
  const dx = await db.service.findUniqueOrThrow({ where: { code: DX } });
  return { a, b, dx, bKey };
}

const report = (actor: Actor, accountId: string, withRollup = false) =>
  getUsageReport(db, { actor, accountId, month: "2028-06", now: new Date("2028-07-10T12:00:00Z"), withRollup });

describe("two tenants: usage reports and evidence", () => {
  it("another tenant's usage and evidence are NOT_FOUND, exactly like a missing account, for every role", async () => {
    const { a, b, dx } = await twoTenants();
    const missingReport = await expectAppError(report(a.msspAdmin.actor, MISSING), "NOT_FOUND");
    const missingEvidence = await expectAppError(listEvidence(db, { actor: a.msspAdmin.actor, accountId: MISSING, serviceId: dx.id, day: day(5) }), "NOT_FOUND");
    const attackers = [a.distributorAdmin, a.msspAdmin, a.msspViewer, a.msspBilling, a.customerAdmin].map((who) => who.actor);
    const targets = [b.distributor, b.mssp, b.customer, b.childMssp, b.grandCustomer].map((account) => account.id);
    for (const actor of attackers) {
      for (const accountId of [...targets, "not-an-id"]) {
        for (const withRollup of [false, true]) {
          const error = await expectAppError(report(actor, accountId, withRollup), "NOT_FOUND");
          expect(error.message).toBe(missingReport.message);
        }
        const error = await expectAppError(listEvidence(db, { actor, accountId, serviceId: dx.id, day: day(5) }), "NOT_FOUND");
        expect(error.message).toBe(missingEvidence.message);
      }
    }
    // Up the tree inside one's own tenant is out of reach too.
    await expectAppError(report(a.customerAdmin.actor, a.mssp.id, true), "NOT_FOUND");
    await expectAppError(listEvidence(db, { actor: a.customerAdmin.actor, accountId: a.mssp.id, serviceId: dx.id, day: day(5) }), "NOT_FOUND");
    // Every role of A does read A's own usage.
    for (const actor of attackers.slice(1, 4)) {
      expect((await report(actor, a.customer.id)).services.map((service) => service.deviceDays)).toEqual([30]);
    }
  });

  it("a roll-up covers the caller's own subtree only, with each account's own numbers", async () => {
    const { a, b } = await twoTenants();
    const expectedA = [
      { accountId: a.customer.id, accountName: a.customer.name, services: [{ serviceName: "DefensX Web Security", deviceDays: 30, billableUnitsHundredths: 100, monthlyActiveSeats: 2, adjustmentDeviceDays: 0, adjustmentUnitsHundredths: 0 }] },
      { accountId: a.grandCustomer.id, accountName: a.grandCustomer.name, services: [{ serviceName: "DefensX Web Security", deviceDays: 2, billableUnitsHundredths: 7, monthlyActiveSeats: 1, adjustmentDeviceDays: 0, adjustmentUnitsHundredths: 0 }] },
    ];
    for (const [actor, root] of [
      [a.distributorAdmin.actor, a.distributor],
      [a.msspAdmin.actor, a.mssp],
      [a.msspBilling.actor, a.mssp],
    ] as const) {
      const rolled = await report(actor, root.id, true);
      expect(rolled.rollup).toEqual(expectedA);
      expect(rolled.services).toEqual([]);
      expect(rolled.corrections).toEqual([]);
    }
    // The child MSSP's roll-up holds its grandchild only.
    expect((await report(a.msspAdmin.actor, a.childMssp.id, true)).rollup).toEqual([expectedA[1]]);
    // B's roll-up: B's numbers, none of A's accounts.
    const rolledB = await report(b.msspAdmin.actor, b.mssp.id, true);
    expect(rolledB.rollup!.map((row) => [row.accountId, row.services[0]!.deviceDays, row.services[0]!.monthlyActiveSeats])).toEqual([
      [b.customer.id, 66, 3],
      [b.grandCustomer.id, 30, 1],
    ]);
    // And the metered records agree, per tenant.
    const monthly = await db.usageMonthly.findMany({ where: { accountId: { in: [a.customer.id, a.grandCustomer.id, b.customer.id, b.grandCustomer.id] } } });
    const byAccount = Object.fromEntries(monthly.map((row) => [row.accountId, [row.paygDeviceDays, row.monthlyActiveSeats]]));
    expect(byAccount).toEqual({ [a.customer.id]: [30, 2], [a.grandCustomer.id]: [2, 1], [b.customer.id]: [66, 3], [b.grandCustomer.id]: [30, 1] });
  });

  it("evidence of a service day lists this account's devices only, even where the other tenant uses the same ids", async () => {
    const { a, b, dx } = await twoTenants();
    const evidence = (actor: Actor, account: TestAccount, n: number) => listEvidence(db, { actor, accountId: account.id, serviceId: dx.id, day: day(n) });
    const aDevices = await db.device.findMany({ where: { accountId: a.customer.id }, orderBy: { externalId: "asc" } });
    const bDevices = await db.device.findMany({ where: { accountId: b.customer.id }, orderBy: { externalId: "asc" } });
    expect(aDevices.map((device) => device.externalId)).toEqual(["laptop-1", "laptop-2"]);
    expect(bDevices.map((device) => device.externalId)).toEqual(["laptop-1", "laptop-2", "laptop-3", "laptop-4"]);
    expect(aDevices.some((device) => bDevices.some((other) => other.id === device.id))).toBe(false);

    const day15 = await evidence(a.msspAdmin.actor, a.customer, 15);
    expect(day15.rows).toEqual([
      {
        deviceId: aDevices[0]!.id,
        externalId: "laptop-1",
        kind: "ENDPOINT",
        firstSeenAt: new Date("2028-06-15T12:00:00Z"),
        lastSeenAt: new Date("2028-06-15T12:00:00Z"),
        events: 1,
        payg: false,
        endUser: null,
      },
    ]);
    // On the 25th only B's devices were active: A's evidence is empty, B's lists B's two.
    expect((await evidence(a.customerAdmin.actor, a.customer, 25)).rows).toEqual([]);
    const bDay25 = await evidence(b.msspAdmin.actor, b.customer, 25);
    expect(bDay25.rows.map((row) => row.deviceId)).toEqual([bDevices[0]!.id, bDevices[1]!.id]);
    // B's late event is B's correction: A's report never shows it, B's does.
    expect((await report(a.msspAdmin.actor, a.customer.id)).corrections).toEqual([]);
    expect((await report(b.msspAdmin.actor, b.customer.id)).corrections.map((row) => [row.day, row.deviceId, row.delta])).toEqual([
      [day(28), bDevices[3]!.id, 1],
    ]);
    expect(await db.telemetryEvent.count({ where: { accountId: a.customer.id } })).toBe(30);
  });

  it("a key never reports into another tenant, and another tenant's gateway serial is just an unknown device", async () => {
    const { a, b, bKey } = await twoTenants();
    const aKey = await keyActor(a);
    const before = await db.device.count({ where: { accountId: { in: [b.customer.id, b.mssp.id] } } });
    const error = await expectAppError(
      ingestTelemetry(db, { actor: aKey, events: [{ deviceId: "spy", kind: "ENDPOINT", at: "2028-07-01T12:00:00Z", accountId: b.customer.id }], now: new Date("2028-07-01T12:00:00Z") }),
      "NOT_FOUND",
      "UNKNOWN_ACCOUNT",
    );
    expect(error.message).toContain(b.customer.id);
    await expectAppError(
      ingestTelemetry(db, { actor: bKey, events: [{ deviceId: "spy", kind: "ENDPOINT", at: "2028-07-01T12:00:00Z", accountId: a.customer.id }], now: new Date("2028-07-01T12:00:00Z") }),
      "NOT_FOUND",
      "UNKNOWN_ACCOUNT",
    );
    expect(await db.device.count({ where: { accountId: { in: [b.customer.id, b.mssp.id] } } })).toBe(before);

    const bGateway = await registerGateway(db, {
      actor: b.msspAdmin.actor,
      input: gatewayInputSchema.parse({ name: "B gateway", serialNumber: `SN-${randomUUID().slice(0, 12).toUpperCase()}`, firmwareVersion: "R82.10", accountId: b.customer.id }),
    });
    await ingestTelemetry(db, {
      actor: aKey,
      events: [{ deviceId: bGateway.serialNumber, kind: "GATEWAY", at: "2028-07-01T12:00:00Z", accountId: a.customer.id }],
      now: new Date("2028-07-01T12:00:00Z"),
    });
    const spyDevice = await db.device.findFirstOrThrow({ where: { externalId: bGateway.serialNumber } });
    expect(spyDevice).toMatchObject({ accountId: a.customer.id, gatewayId: null });
    expect((await db.gateway.findUniqueOrThrow({ where: { id: bGateway.id } })).lastSeenAt).toBeNull();
  });
});
