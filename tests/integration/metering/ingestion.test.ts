import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { dbDateToIso } from "@/lib/dates";
import { addContract } from "@/server/contracts/add-contract";
import { addContractSchema } from "@/server/contracts/contract-input";
import { createPlan } from "@/server/plans/create-plan";
import { sharePlan } from "@/server/plans/share-plan";
import { registerGateway } from "@/server/gateways/register-gateway";
import { unlockGateway } from "@/server/gateways/unlock-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import { setPlanLicenceType } from "@/server/plans/set-plan-licence-type";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { getUsageReport } from "@/server/usage";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { makeAccount, makeTenant, unique, type TestAccount } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";
import { activity, at, ingest, keyActor, paygCustomer, serial, type SentEvent } from "../../support/telemetry-helpers";
import { backdateStatusChange } from "../../support/status-history";

/**
 * Ingestion (docs/metering.md#telemetry-ingestion) called as the API does, with an API key's actor and
 * an explicit `now`. Every instant lies in 2028, after these accounts were
 * created, so nothing here depends on the real clock.
 */

const daysOf = async (accountId: string) => (await activity(accountId)).map((row) => `${row.device} ${row.day}`);

async function usageSnapshot(accountId: string) {
  return db.usageDaily.findMany({ where: { accountId }, orderBy: [{ serviceId: "asc" }, { day: "asc" }] });
}

const paygInput = (service = "quantum-spark-management") => addContractSchema.parse({ service, type: "PAYG", quantity: 10 });

describe("idempotency", () => {
  it("duplicates within a batch and across batches are counted, never refused, and count once", async () => {
    const t = await makeTenant("ingest-dup");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    const batch: SentEvent[] = [
      { eventId: "e-1", deviceId: "laptop-1", at: "2028-01-10T08:00:00Z" },
      { eventId: "e-2", deviceId: "laptop-1", at: "2028-01-10T09:00:00Z" },
      { eventId: "e-1", deviceId: "laptop-1", at: "2028-01-10T08:00:00Z" },
      { eventId: "e-3", deviceId: "laptop-2", at: "2028-01-10T09:30:00Z" },
      { deviceId: "phone-1", kind: "USER_SEAT", at: "2028-01-10T10:00:00Z" },
      { deviceId: "phone-1", kind: "USER_SEAT", at: "2028-01-10T10:00:00Z" },
    ];
    expect(await ingest(key, batch, "2028-01-10T12:00:00Z")).toEqual({
      received: 6,
      accepted: 4,
      duplicates: 2,
      late: 0,
      corrections: 0,
      devicesCreated: 3,
    });
    const afterFirst = await activity(t.customer.id);
    expect(afterFirst.map(({ device, day, events }) => ({ device, day, events }))).toEqual([
      { device: "laptop-1", day: "2028-01-10", events: 2 },
      { device: "laptop-2", day: "2028-01-10", events: 1 },
      { device: "phone-1", day: "2028-01-10", events: 1 },
    ]);

    // The whole batch again, plus one new event: only the new one is accepted.
    const again = await ingest(key, [...batch, { eventId: "e-4", deviceId: "laptop-2", at: "2028-01-10T11:00:00Z" }], "2028-01-10T12:05:00Z");
    expect(again).toEqual({ received: 7, accepted: 1, duplicates: 6, late: 0, corrections: 0, devicesCreated: 0 });
    expect(await db.telemetryEvent.count({ where: { accountId: t.customer.id } })).toBe(5);
    expect((await activity(t.customer.id)).map((row) => row.events)).toEqual([2, 2, 1]);
    expect(await db.device.count({ where: { accountId: t.customer.id } })).toBe(3);
  });

  it("the same batch sent twice at the same moment (a retrying collector) is accepted once", async () => {
    const t = await makeTenant("ingest-race");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    const batch: SentEvent[] = Array.from({ length: 500 }, (_, i) => ({ deviceId: `d-${i % 50}`, at: `2028-01-10T${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00Z` }));
    const results = await Promise.all([ingest(key, batch, "2028-01-11T00:30:00Z"), ingest(key, [...batch].reverse(), "2028-01-11T00:30:00Z")]);
    expect(results.map((result) => result.accepted).sort((a, b) => a - b)).toEqual([0, 500]);
    expect(results.map((result) => result.devicesCreated).sort((a, b) => a - b)).toEqual([0, 50]);
    expect(await db.telemetryEvent.count({ where: { accountId: t.customer.id } })).toBe(500);
    expect((await activity(t.customer.id)).reduce((sum, row) => sum + row.events, 0)).toBe(500);
  });

  it("without an eventId, the same device and instant is one event, however the instant is written", async () => {
    const t = await makeTenant("ingest-key");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    const result = await ingest(
      key,
      [
        { deviceId: "ap-1", kind: "ACCESS_POINT", at: "2028-01-10T12:00:00Z" },
        { deviceId: "ap-1", kind: "ACCESS_POINT", at: "2028-01-10T13:00:00+01:00" },
        { deviceId: "ap-1", kind: "ACCESS_POINT", at: "2028-01-10T02:00:00.000-10:00" },
        // Same instant, another device: a different event.
        { deviceId: "ap-2", kind: "ACCESS_POINT", at: "2028-01-10T12:00:00Z" },
        // Same device, one millisecond later: a different event.
        { deviceId: "ap-1", kind: "ACCESS_POINT", at: "2028-01-10T12:00:00.001Z" },
      ],
      "2028-01-10T12:30:00Z",
    );
    expect(result).toMatchObject({ received: 5, accepted: 3, duplicates: 2 });
    const keys = await db.telemetryEvent.findMany({ where: { accountId: t.customer.id }, orderBy: { eventKey: "asc" } });
    expect(keys.map((row) => row.eventKey)).toEqual(["ap-1@2028-01-10T12:00:00.000Z", "ap-1@2028-01-10T12:00:00.001Z", "ap-2@2028-01-10T12:00:00.000Z"]);
    // Sent again later without eventId: still duplicates.
    expect(await ingest(key, [{ deviceId: "ap-2", kind: "ACCESS_POINT", at: "2028-01-10T14:00:00+02:00" }], "2028-01-10T13:00:00Z")).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
  });

  it("event ids are per account: another account's id is not a duplicate", async () => {
    const t = await makeTenant("ingest-per-account");
    const key = await keyActor(t.mssp, t.msspAdmin.actor);
    const result = await ingest(
      key,
      [
        { eventId: "shared-id", deviceId: "laptop-1", at: "2028-01-10T08:00:00Z", accountId: t.customer.id },
        { eventId: "shared-id", deviceId: "laptop-1", at: "2028-01-10T08:00:00Z", accountId: t.grandCustomer.id },
        { eventId: "shared-id", deviceId: "laptop-1", at: "2028-01-10T08:00:00Z" },
      ],
      "2028-01-10T12:00:00Z",
    );
    expect(result).toMatchObject({ received: 3, accepted: 3, duplicates: 0, devicesCreated: 3 });
    for (const account of [t.customer, t.grandCustomer, t.mssp]) {
      expect(await daysOf(account.id)).toEqual(["laptop-1 2028-01-10"]);
    }
  });
  it("an event re-sent under another device id is a duplicate and creates no device", async () => {
    const t = await makeTenant("ingest-dup-device");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    await ingest(key, [{ eventId: "e-1", deviceId: "laptop-1", at: "2028-01-10T08:00:00Z" }], "2028-01-10T12:00:00Z");
    // Across batches, and within one: the first use of an event id wins, its device alone is created.
    expect(await ingest(key, [{ eventId: "e-1", deviceId: "laptop-2", at: "2028-01-10T08:00:00Z" }], "2028-01-10T12:05:00Z")).toEqual({
      received: 1,
      accepted: 0,
      duplicates: 1,
      late: 0,
      corrections: 0,
      devicesCreated: 0,
    });
    const batch: SentEvent[] = [
      { eventId: "e-2", deviceId: "laptop-3", at: "2028-01-10T09:00:00Z" },
      { eventId: "e-2", deviceId: "laptop-4", at: "2028-01-10T09:00:00Z" },
    ];
    expect(await ingest(key, batch, "2028-01-10T12:10:00Z")).toMatchObject({ received: 2, accepted: 1, duplicates: 1, devicesCreated: 1 });
    const devices = await db.device.findMany({ where: { accountId: t.customer.id }, select: { externalId: true }, orderBy: { externalId: "asc" } });
    expect(devices.map((device) => device.externalId)).toEqual(["laptop-1", "laptop-3"]);

    // A key shared by a known device and a new one in one batch: the first use wins either way.
    const mixed: SentEvent[] = [
      { eventId: "e-5", deviceId: "laptop-5", at: "2028-01-10T10:00:00Z" },
      { eventId: "e-5", deviceId: "laptop-1", at: "2028-01-10T10:00:00Z" },
      { eventId: "e-6", deviceId: "laptop-1", at: "2028-01-10T10:30:00Z" },
      { eventId: "e-6", deviceId: "laptop-6", at: "2028-01-10T10:30:00Z" },
      { eventId: "e-1", deviceId: "laptop-1", at: "2028-01-10T08:00:00Z" },
    ];
    expect(await ingest(key, mixed, "2028-01-10T12:15:00Z")).toMatchObject({ received: 5, accepted: 2, duplicates: 3, devicesCreated: 1 });
    const events = await db.telemetryEvent.findMany({
      where: { accountId: t.customer.id, eventKey: { in: ["e-5", "e-6"] } },
      select: { eventKey: true, deviceId: true },
      orderBy: { eventKey: "asc" },
    });
    const named = new Map((await db.device.findMany({ where: { accountId: t.customer.id } })).map((device) => [device.id, device.externalId]));
    expect(events.map((event) => `${event.eventKey} ${named.get(event.deviceId)}`)).toEqual(["e-5 laptop-5", "e-6 laptop-1"]);
    expect(await daysOf(t.customer.id)).toEqual(["laptop-1 2028-01-10", "laptop-3 2028-01-10", "laptop-5 2028-01-10"]);
  });

  it("once the batch statement's plan is reused, a large first batch of new devices still counts each key once", async () => {
    const t = await makeTenant("ingest-generic-plan");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    // PostgreSQL reuses a prepared statement's generic plan after five runs on a connection
    // (docs/metering.md#ingestion-cost): run it more often than that first.
    for (let n = 0; n < 8; n += 1) {
      await ingest(key, [{ eventId: `warm-${n}`, deviceId: "laptop-0", at: "2028-01-10T08:00:00Z" }], "2028-01-10T12:00:00Z", { fold: false });
    }
    const batch: SentEvent[] = Array.from({ length: 1000 }, (_, n) => [
      { eventId: `big-${n}-a`, deviceId: `sensor-${n}`, at: "2028-01-10T09:00:00Z" },
      { eventId: `big-${n}-b`, deviceId: `sensor-${n}`, at: "2028-01-10T10:00:00Z" },
      // The same key again, under another (new) device: a duplicate that creates nothing.
      { eventId: `big-${n}-a`, deviceId: `other-${n}`, at: "2028-01-10T09:00:00Z" },
    ]).flat();
    expect(await ingest(key, batch, "2028-01-10T12:05:00Z")).toEqual({
      received: 3000,
      accepted: 2000,
      duplicates: 1000,
      late: 0,
      corrections: 0,
      devicesCreated: 1000,
    });
    expect(await db.device.count({ where: { accountId: t.customer.id, externalId: { startsWith: "other-" } } })).toBe(0);
    const sensors = (await activity(t.customer.id)).filter((row) => row.device.startsWith("sensor-"));
    expect(sensors).toHaveLength(1000);
    expect(sensors.every((row) => row.events === 2)).toBe(true);
  });
});

describe("first and last seen", () => {
  it("events arriving out of order keep the earliest and latest instant, per day and per device", async () => {
    const t = await makeTenant("ingest-order");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    await ingest(key, [{ deviceId: "laptop-1", at: "2028-01-10T15:00:00Z" }], "2028-01-10T15:01:00Z");
    await ingest(
      key,
      [
        { deviceId: "laptop-1", at: "2028-01-10T20:00:00Z" },
        { deviceId: "laptop-1", at: "2028-01-10T09:00:00Z" },
        { deviceId: "laptop-1", at: "2028-01-10T12:00:00Z" },
      ],
      "2028-01-10T21:00:00Z",
    );
    // The previous day arrives last (still inside its late window).
    await ingest(key, [{ deviceId: "laptop-1", at: "2028-01-09T23:59:59.999Z" }], "2028-01-11T08:00:00Z");
    expect(await activity(t.customer.id)).toEqual([
      { device: "laptop-1", day: "2028-01-09", first: "2028-01-09T23:59:59.999Z", last: "2028-01-09T23:59:59.999Z", events: 1, kind: "ENDPOINT", payg: false },
      { device: "laptop-1", day: "2028-01-10", first: "2028-01-10T09:00:00.000Z", last: "2028-01-10T20:00:00.000Z", events: 4, kind: "ENDPOINT", payg: false },
    ]);
    const device = await db.device.findFirstOrThrow({ where: { accountId: t.customer.id, externalId: "laptop-1" } });
    expect(device).toMatchObject({
      kind: "ENDPOINT",
      registeredBy: "telemetry",
      firstSeenAt: at("2028-01-09T23:59:59.999Z"),
      lastSeenAt: at("2028-01-10T20:00:00.000Z"),
      createdAt: at("2028-01-10T15:01:00Z"),
    });
  });
});

describe("the local day is the account's billing timezone", () => {
  it("the same instant lands on different days in Kiritimati (UTC+14), UTC and Honolulu (UTC−10)", async () => {
    const t = await makeTenant("ingest-zones");
    const kiritimati = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, billingTimezone: "Pacific/Kiritimati" });
    const honolulu = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, billingTimezone: "Pacific/Honolulu" });
    const key = await keyActor(t.mssp, t.msspAdmin.actor);
    const instants = {
      "2028-01-10T09:59:59Z": "y", // Kiritimati 23:59:59 on the 10th, Honolulu 23:59:59 on the 9th
      "2028-01-10T10:00:00Z": "z", // Kiritimati 00:00 on the 11th, Honolulu 00:00 on the 10th
      "2028-01-10T11:00:00Z": "x", // Kiritimati 01:00 on the 11th, Honolulu 01:00 on the 10th
    };
    const events = [kiritimati, t.customer, honolulu].flatMap((account) =>
      Object.entries(instants).map(([instant, name]) => ({ deviceId: `dev-${name}`, at: instant, accountId: account.id })),
    );
    expect(await ingest(key, events, "2028-01-10T12:00:00Z")).toMatchObject({ received: 9, accepted: 9, late: 0 });
    expect(await daysOf(kiritimati.id)).toEqual(["dev-x 2028-01-11", "dev-y 2028-01-10", "dev-z 2028-01-11"]);
    expect(await daysOf(t.customer.id)).toEqual(["dev-x 2028-01-10", "dev-y 2028-01-10", "dev-z 2028-01-10"]);
    expect(await daysOf(honolulu.id)).toEqual(["dev-x 2028-01-10", "dev-y 2028-01-09", "dev-z 2028-01-10"]);

    // One device reporting at both edges of a Honolulu day: one row, first and last seen at the edges.
    await ingest(
      key,
      [
        { deviceId: "edge", at: "2028-01-12T10:00:00Z", accountId: honolulu.id }, // 00:00 on the 12th
        { deviceId: "edge", at: "2028-01-13T09:59:59.999Z", accountId: honolulu.id }, // 23:59:59.999 on the 12th
      ],
      "2028-01-13T10:00:00Z",
    );
    expect((await activity(honolulu.id)).filter((row) => row.device === "edge")).toEqual([
      { device: "edge", day: "2028-01-12", first: "2028-01-12T10:00:00.000Z", last: "2028-01-13T09:59:59.999Z", events: 2, kind: "ENDPOINT", payg: false },
    ]);
  });
});

describe("gateways", () => {
  it("a gateway's device links to it by serial and carries PAYG as the gateway's effective licence that day", async () => {
    const t = await makeTenant("ingest-gw");
    const admin = t.msspAdmin.actor;
    const now = "2028-01-10T12:00:00Z";
    await addContract(db, { actor: admin, accountId: t.customer.id, input: paygInput(), now: at(now) });
    const register = (account: TestAccount, firmwareVersion: string, planId?: string) =>
      registerGateway(db, {
        actor: admin,
        input: gatewayInputSchema.parse({ name: unique("gw"), serialNumber: serial(), firmwareVersion, accountId: account.id, planId }),
      });
    // Unlocked from any plan and on PAYG; R81.20 on its own subscription.
    const unlockedPayg = await register(t.customer, "R82.10");
    await unlockGateway(db, { actor: admin, gatewayId: unlockedPayg.id, licenceType: "PAYG", now: at(now) });
    const oldOwn = await register(t.customer, "R81.20");
    // A PAYG plan of the MSSP shared with the customer: R82 follows it, R81.20 stays on subscription,
    // and one R82.10 gateway unlocked to its own subscription.
    const plan = await createPlan(db, { actor: admin, accountId: t.mssp.id, name: "Branches" });
    await sharePlan(db, { actor: admin, planId: plan.id, childAccountId: t.customer.id });
    const inPlan = await register(t.customer, "R82", plan.id);
    const inPlanOld = await register(t.customer, "R81.20", plan.id);
    const inPlanUnlocked = await register(t.customer, "R82.10", plan.id);
    await unlockGateway(db, { actor: admin, gatewayId: inPlanUnlocked.id, licenceType: "SUBSCRIPTION", now: at(now) });
    await setPlanLicenceType(db, { actor: admin, planId: plan.id, licenceType: "PAYG", now: at(now) });
    // Another tenant's gateway: its serial reported by this customer is just an unknown device.
    const other = await makeTenant("ingest-gw-other");
    const foreign = await registerGateway(db, {
      actor: other.msspAdmin.actor,
      input: gatewayInputSchema.parse({ name: "foreign", serialNumber: serial(), firmwareVersion: "R82.10", accountId: other.customer.id }),
    });
    const unknownSerial = serial();

    const key = await keyActor(t.customer, admin);
    const gateways = [unlockedPayg, oldOwn, inPlan, inPlanOld, inPlanUnlocked, foreign];
    const events: SentEvent[] = [...gateways.map((gw) => gw.serialNumber), unknownSerial].map((deviceId) => ({
      deviceId,
      kind: "GATEWAY",
      at: "2028-01-10T11:00:00Z",
    }));
    expect(await ingest(key, events, now)).toMatchObject({ accepted: 7, devicesCreated: 7 });

    const devices = await db.device.findMany({ where: { accountId: t.customer.id } });
    const linkOf = (externalId: string) => devices.find((device) => device.externalId === externalId)!.gatewayId;
    expect(gateways.map((gw) => linkOf(gw.serialNumber))).toEqual([unlockedPayg.id, oldOwn.id, inPlan.id, inPlanOld.id, inPlanUnlocked.id, null]);
    expect(linkOf(unknownSerial)).toBeNull();

    const paygOf = async (day: string) =>
      Object.fromEntries((await activity(t.customer.id)).filter((row) => row.day === day).map((row) => [row.device, row.payg]));
    expect(await paygOf("2028-01-10")).toEqual({
      [unlockedPayg.serialNumber]: true,
      [oldOwn.serialNumber]: false,
      [inPlan.serialNumber]: true,
      [inPlanOld.serialNumber]: false,
      [inPlanUnlocked.serialNumber]: false,
      [foreign.serialNumber]: false,
      [unknownSerial]: false,
    });
    // Last seen is recorded on this tenant's gateways only.
    const lastSeen = async (id: string) => (await db.gateway.findUniqueOrThrow({ where: { id } })).lastSeenAt;
    expect(await lastSeen(inPlan.id)).toEqual(at("2028-01-10T11:00:00Z"));
    expect(await lastSeen(foreign.id)).toBeNull();

    // Next day the plan is back on subscription, and the unknown serial is now registered and unlocked to PAYG:
    // each day carries the licence the gateway had when it reported; the earlier day is unchanged.
    await setPlanLicenceType(db, { actor: admin, planId: plan.id, licenceType: "SUBSCRIPTION", confirmed: true, now: at("2028-01-11T08:00:00Z") });
    const late = await registerGateway(db, {
      actor: admin,
      input: gatewayInputSchema.parse({ name: "registered later", serialNumber: unknownSerial, firmwareVersion: "R82.00.00", accountId: t.customer.id }),
    });
    await unlockGateway(db, { actor: admin, gatewayId: late.id, licenceType: "PAYG", now: at("2028-01-11T08:00:00Z") });
    await ingest(key, events.map((event) => ({ ...event, at: "2028-01-11T09:00:00Z" })), "2028-01-11T10:00:00Z");
    expect((await db.device.findFirstOrThrow({ where: { accountId: t.customer.id, externalId: unknownSerial } })).gatewayId).toBe(late.id);
    expect(await paygOf("2028-01-11")).toEqual({
      [unlockedPayg.serialNumber]: true,
      [oldOwn.serialNumber]: false,
      [inPlan.serialNumber]: false,
      [inPlanOld.serialNumber]: false,
      [inPlanUnlocked.serialNumber]: false,
      [foreign.serialNumber]: false,
      [unknownSerial]: true,
    });
    expect((await paygOf("2028-01-10"))[inPlan.serialNumber]).toBe(true);
    expect(await lastSeen(late.id)).toEqual(at("2028-01-11T09:00:00Z"));
  });
});

describe("gateway serial numbers", () => {
  it("a gateway reporting its serial in lower case is the registered gateway: linked, on PAYG and billed", async () => {
    const { customer, a, key } = await paygCustomer("ingest-gw-case");
    const reported = a.toLowerCase();
    expect(reported).not.toBe(a);
    await ingest(key, [{ deviceId: reported, kind: "GATEWAY", at: "2028-01-10T10:00:00Z" }], "2028-01-10T10:05:00Z");
    const gateway = await db.gateway.findFirstOrThrow({ where: { accountId: customer.id, serialNumber: a } });
    const device = await db.device.findFirstOrThrow({ where: { accountId: customer.id } });
    expect(device).toMatchObject({ externalId: a, gatewayId: gateway.id });
    expect(await activity(customer.id)).toMatchObject([{ device: a, day: "2028-01-10", payg: true }]);

    // Metered once the day is final: one PAYG device-day on the 10th.
    await meterDays(db, { now: at("2028-01-14T00:00:00Z"), accountIds: [customer.id] });
    const tenth = (await usageSnapshot(customer.id)).find((row) => dbDateToIso(row.day) === "2028-01-10");
    expect(tenth).toMatchObject({ activeDevices: 1, paygDeviceDays: 1, payg: true, billable: true });
  });
});

describe("late events (after the day's 3-day late window)", () => {
  it("go to the corrections ledger (+1 only for a device not counted that day, once), never to activity or usage_daily", async () => {
    const { t, customer, a, b, key } = await paygCustomer("ingest-late");
    await ingest(key, [{ deviceId: a, kind: "GATEWAY", at: "2028-01-10T10:00:00Z" }], "2028-01-10T10:05:00Z");
    // 14 January 00:00 local: 10 January is final, metered.
    const finalAt = "2028-01-14T00:00:00Z";
    expect(await meterDays(db, { now: at(finalAt), accountIds: [customer.id] })).toBe(10);
    const metered = await usageSnapshot(customer.id);
    expect(metered.find((row) => dbDateToIso(row.day) === "2028-01-10")).toMatchObject({ activeDevices: 1, paygDeviceDays: 1, payg: true, billable: true });

    const lateBatch: SentEvent[] = [
      { deviceId: b, kind: "GATEWAY", at: "2028-01-10T15:00:00Z" }, // late, b not counted on the 10th → +1
      { deviceId: a, kind: "GATEWAY", at: "2028-01-10T18:00:00Z" }, // late, a already counted → nothing
      { deviceId: b, kind: "GATEWAY", at: "2028-01-11T09:00:00Z" }, // the 11th is still open → activity
    ];
    expect(await ingest(key, lateBatch, finalAt)).toEqual({ received: 3, accepted: 3, duplicates: 0, late: 2, corrections: 1, devicesCreated: 1 });
    // Re-sent: duplicates, nothing late, no second correction.
    expect(await ingest(key, lateBatch, "2028-01-14T01:00:00Z")).toEqual({ received: 3, accepted: 0, duplicates: 3, late: 0, corrections: 0, devicesCreated: 0 });
    // Another late event of b that day (a new event): the device-day was already corrected.
    expect(await ingest(key, [{ deviceId: b, kind: "GATEWAY", at: "2028-01-10T20:00:00Z" }], "2028-01-15T00:00:00Z")).toMatchObject({
      accepted: 1,
      late: 1,
      corrections: 0,
    });

    const corrections = await db.usageCorrection.findMany({ where: { accountId: customer.id } });
    const deviceB = await db.device.findFirstOrThrow({ where: { accountId: customer.id, externalId: b } });
    expect(corrections).toHaveLength(1);
    expect(corrections[0]).toMatchObject({ deviceId: deviceB.id, delta: 1, eventKey: `${b}@2028-01-10T15:00:00.000Z` });
    expect(dbDateToIso(corrections[0]!.day)).toBe("2028-01-10");
    expect(corrections[0]!.reason).toMatch(/late/i);

    // Activity of the closed day is untouched; the open day got b.
    expect((await activity(customer.id)).map(({ device, day, events, last }) => ({ device, day, events, last }))).toEqual(
      [
        { device: a, day: "2028-01-10", events: 1, last: "2028-01-10T10:00:00.000Z" },
        { device: b, day: "2028-01-11", events: 1, last: "2028-01-11T09:00:00.000Z" },
      ].sort((x, y) => x.device.localeCompare(y.device)),
    );
    expect(await usageSnapshot(customer.id)).toEqual(metered);

    // The report lists the correction with its trail; the month's roll-up carries it apart from device-days.
    const report = await getUsageReport(db, { actor: t.msspAdmin.actor, accountId: customer.id, month: "2028-01", now: at("2028-02-10T00:00:00Z") });
    expect(report.corrections).toEqual([
      { day: "2028-01-10", serviceName: "Quantum Spark Management", deviceId: deviceB.id, device: b, delta: 1, reason: corrections[0]!.reason, at: corrections[0]!.createdAt, adjustsMonth: null },
    ]);
    await meterDays(db, { now: at("2028-02-10T00:00:00Z"), accountIds: [customer.id] });
    expect(await rollUpMonths(db, { now: at("2028-02-10T00:00:00Z"), accountIds: [customer.id] })).toBe(1);
    const month = await db.usageMonthly.findFirstOrThrow({ where: { accountId: customer.id } });
    // a on the 10th, b on the 11th; b's late day on the 10th is only the correction.
    expect(month).toMatchObject({ daysInMonth: 31, paygDeviceDays: 2, monthlyActiveSeats: 2, correctionDays: 1 });
  });

  it("the window closes at local midnight starting day + 4 (Honolulu); the day takes activity until a run metered it", async () => {
    const { customer, a, b, c, key } = await paygCustomer("ingest-late-edge", "Pacific/Honolulu");
    // 10 January in Honolulu runs 10:00Z on the 10th to 10:00Z on the 11th; it is final from 14 January 00:00 HST = 10:00Z.
    const onTime = await ingest(key, [{ deviceId: a, kind: "GATEWAY", at: "2028-01-10T20:00:00Z" }], "2028-01-14T09:59:59.999Z");
    expect(onTime).toMatchObject({ accepted: 1, late: 0 });
    // Closed, but tonight's run has not metered it yet: still activity, so the run counts it.
    const beforeRun = await ingest(key, [{ deviceId: b, kind: "GATEWAY", at: "2028-01-10T21:00:00Z" }], "2028-01-14T10:00:00Z");
    expect(beforeRun).toMatchObject({ accepted: 1, late: 0, corrections: 0 });
    expect(await daysOf(customer.id)).toEqual([`${a} 2028-01-10`, `${b} 2028-01-10`].sort());
    expect(await meterDays(db, { now: at("2028-01-15T00:05:00Z"), accountIds: [customer.id] })).toBe(10);
    const metered = await usageSnapshot(customer.id);
    expect(metered.find((row) => dbDateToIso(row.day) === "2028-01-10")).toMatchObject({ activeDevices: 2, paygDeviceDays: 2 });
    // Once metered, the day never changes again: a third gateway's event is a correction.
    const afterRun = await ingest(key, [{ deviceId: c, kind: "GATEWAY", at: "2028-01-10T22:00:00Z" }], "2028-01-15T00:06:00Z");
    expect(afterRun).toMatchObject({ accepted: 1, late: 1, corrections: 1 });
    expect(await daysOf(customer.id)).toEqual([`${a} 2028-01-10`, `${b} 2028-01-10`].sort());
    expect(await usageSnapshot(customer.id)).toEqual(metered);
  });

  it("a late event on a day without PAYG usage, or a day the account was inactive, corrects nothing", async () => {
    const t = await makeTenant("ingest-late-none");
    const customer = t.customer;
    await insertContract({ accountId: customer.id, type: "SUBSCRIPTION", registeredOn: "2028-01-01", expiresOn: "2028-12-31" });
    const key = await keyActor(t.mssp, t.msspAdmin.actor);
    await ingest(key, [{ deviceId: "gw-x", kind: "GATEWAY", at: "2028-01-05T10:00:00Z", accountId: customer.id }], "2028-01-05T10:00:00Z");
    // The 9th: the 5th is final (and metered), and the 2nd still inside the telemetry horizon.
    await meterDays(db, { now: at("2028-01-09T00:00:00Z"), accountIds: [customer.id] });
    const metered = await usageSnapshot(customer.id);
    expect(metered.find((row) => dbDateToIso(row.day) === "2028-01-05")).toMatchObject({ activeDevices: 1, paygDeviceDays: 0, payg: false });
    const result = await ingest(key, [{ deviceId: "gw-y", kind: "GATEWAY", at: "2028-01-05T11:00:00Z", accountId: customer.id }], "2028-01-09T00:00:00Z");
    expect(result).toMatchObject({ accepted: 1, late: 1, corrections: 0 });
    expect(await db.usageCorrection.count({ where: { accountId: customer.id } })).toBe(0);
    expect(await usageSnapshot(customer.id)).toEqual(metered);

    // A PAYG user service on an account inactivated on 3 January: the 2nd is corrected, the 5th is not billable.
    const inactive = t.grandCustomer;
    await insertContract({ accountId: inactive.id, type: "PAYG", serviceCode: "defensx-web-security", registeredOn: "2028-01-01", expiresOn: null });
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: inactive.id, change: "inactivate" });
    await backdateStatusChange(db, { accountId: inactive.id, action: "account.inactivated", at: at("2028-01-03T12:00:00Z") });
    await meterDays(db, { now: at("2028-01-09T00:00:00Z"), accountIds: [inactive.id] });
    const days = await usageSnapshot(inactive.id);
    expect(days.map((row) => [dbDateToIso(row.day), row.billable])).toEqual(
      Array.from({ length: 5 }, (_, i) => [`2028-01-${String(i + 1).padStart(2, "0")}`, i + 1 <= 3]),
    );
    const lateUsers = await ingest(
      key,
      [
        { deviceId: "laptop-1", at: "2028-01-02T09:00:00Z", accountId: inactive.id },
        { deviceId: "laptop-1", at: "2028-01-05T09:00:00Z", accountId: inactive.id },
      ],
      "2028-01-09T00:00:00Z",
    );
    expect(lateUsers).toMatchObject({ accepted: 2, late: 2, corrections: 1 });
    const corrections = await db.usageCorrection.findMany({ where: { accountId: inactive.id } });
    expect(corrections.map((row) => dbDateToIso(row.day))).toEqual(["2028-01-02"]);
    expect(await usageSnapshot(inactive.id)).toEqual(days);
  });
});
