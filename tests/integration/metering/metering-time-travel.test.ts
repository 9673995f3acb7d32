import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TZDate, tz } from "@date-fns/tz";
import { addDays, format, getDaysInMonth, parseISO } from "date-fns";
import { db } from "@/server/db";
import { dbDateToIso, isoDateToDb } from "@/lib/dates";
import type { Actor } from "@/server/auth/reach";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { addContract } from "@/server/contracts/add-contract";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { addContractSchema } from "@/server/contracts/contract-input";
import { registerGateway } from "@/server/gateways/register-gateway";
import { unlockGateway } from "@/server/gateways/unlock-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import { ingestTelemetry } from "@/server/metering/ingest-telemetry";
import { validateTelemetryBatch } from "@/server/metering/telemetry-input";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { getUsageReport } from "@/server/usage";
import { makeAccount, makeTenant, unique, type TestAccount } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";
import { backdateStatusChange } from "../../support/status-history";

/**
 * Whole months of telemetry, metered by travelling through time with `now`,
 * checked against an oracle written here in plain TypeScript: it recomputes
 * device-days and monthly-active seats from the raw events this file sent
 * (local days with date-fns in the account's zone), knowing nothing of the
 * SQL. Every instant lies in 2027–2028, after these accounts were created;
 * metering and roll-ups are scoped to this file's own accounts.
 */

type Kind = "GATEWAY" | "ENDPOINT" | "USER_SEAT" | "ACCESS_POINT";
type Unit = "GATEWAY" | "USER";
const QSM = "quantum-spark-management";
const DX = "defensx-web-security";

// ───────────── Calendar helpers (date-fns) ─────────────

const localDay = (instant: Date, zone: string) => format(instant, "yyyy-MM-dd", { in: tz(zone) });

/** The instant of a wall-clock time on a local day in a zone. */
function localInstant(day: string, time: string, zone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [hh, mm, ss] = time.split(":").map(Number) as [number, number, number | undefined];
  return new Date(new TZDate(y, m - 1, d, hh, mm, ss ?? 0, 0, zone).getTime());
}

const plusDays = (day: string, n: number) => format(addDays(parseISO(day), n), "yyyy-MM-dd");

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = plusDays(day, 1)) days.push(day);
  return days;
}

const daysOfMonth = (month: string) => daysBetween(`${month}-01`, `${month}-${String(getDaysInMonth(parseISO(`${month}-01`))).padStart(2, "0")}`);
/** 0 = Sunday … 6 = Saturday, of a calendar day. */
const weekday = (day: string) => parseISO(day).getDay();
const isWeekend = (day: string) => weekday(day) === 0 || weekday(day) === 6;

// ───────────── The oracle ─────────────

interface DeviceFacts {
  kind: Kind;
  /** External id of the end user the device is paired to. */
  endUser?: string;
  /** For gateways: on Pay-As-You-Go. */
  paygGateway?: boolean;
}

interface OracleDay {
  day: string;
  active: number;
  paygDevices: number;
  billable: boolean;
}

interface Expected {
  days: OracleDay[];
  deviceDays: number;
  seats: number;
  daysInMonth: number;
  unitsHundredths: number;
}

/**
 * What a month must bill for one PAYG service, from the events as sent:
 * a device is active on a local day when it sent anything that day; a day
 * counts while the contract is live (from its first day to its last or cancel
 * day) and the account was billable; seats are users (for paired devices) or
 * devices, active on at least one counted day.
 */
function oracle(options: {
  zone: string;
  month: string;
  sent: { deviceId: string; at: Date }[];
  devices: Map<string, DeviceFacts>;
  unit: Unit;
  liveFrom: string;
  liveTo?: string;
  billable?: (day: string) => boolean;
  /** Only days up to this one (a month in progress). */
  upTo?: string;
}): Expected {
  const matches = (kind: Kind) => (options.unit === "GATEWAY" ? kind === "GATEWAY" : kind === "ENDPOINT" || kind === "USER_SEAT");
  const activeOn = new Map<string, Set<string>>();
  for (const event of options.sent) {
    const day = localDay(event.at, options.zone);
    if (!activeOn.has(day)) activeOn.set(day, new Set());
    activeOn.get(day)!.add(event.deviceId);
  }
  const billable = options.billable ?? (() => true);
  const seats = new Set<string>();
  const days = daysOfMonth(options.month)
    .filter((day) => day >= options.liveFrom && (!options.liveTo || day <= options.liveTo) && (!options.upTo || day <= options.upTo))
    .map((day): OracleDay => {
      if (!billable(day)) return { day, active: 0, paygDevices: 0, billable: false };
      const active = [...(activeOn.get(day) ?? [])].filter((id) => matches(options.devices.get(id)!.kind));
      for (const id of active) {
        const endUser = options.devices.get(id)!.endUser;
        seats.add(endUser ? `user:${endUser}` : `device:${id}`);
      }
      const payg = active.filter((id) => options.unit !== "GATEWAY" || options.devices.get(id)!.paygGateway);
      return { day, active: active.length, paygDevices: payg.length, billable: true };
    });
  const deviceDays = days.reduce((sum, day) => sum + day.paygDevices, 0);
  const daysInMonth = getDaysInMonth(parseISO(`${options.month}-01`));
  return { days, deviceDays, seats: seats.size, daysInMonth, unitsHundredths: Math.round((deviceDays * 100) / daysInMonth) };
}

// ───────────── One account living through time ─────────────

type DayRule = (day: string) => string[];

class World {
  readonly sent: { deviceId: string; at: Date }[] = [];
  readonly devices = new Map<string, DeviceFacts>();
  private previousBatch: { deviceId: string; kind: Kind; at: string }[] = [];

  constructor(
    readonly t: Awaited<ReturnType<typeof makeTenant>>,
    readonly account: TestAccount,
    readonly zone: string,
    private readonly key: Actor,
  ) {}

  get admin() {
    return this.t.msspAdmin.actor;
  }

  at(day: string, time: string) {
    return localInstant(day, time, this.zone);
  }

  /** A device that reports and is registered by its first telemetry. */
  device(externalId: string, kind: Kind) {
    this.devices.set(externalId, { kind });
    return externalId;
  }

  /** A device an admin registered and paired to an end user before it reported. */
  async pairedDevice(externalId: string, kind: Kind, endUser: string) {
    let user = await db.endUser.findUnique({ where: { accountId_externalId: { accountId: this.account.id, externalId: endUser } } });
    user ??= await db.endUser.create({ data: { accountId: this.account.id, externalId: endUser, name: endUser } });
    await db.device.create({ data: { accountId: this.account.id, externalId, kind, endUserId: user.id, registeredBy: "admin" } });
    this.devices.set(externalId, { kind, endUser });
    return externalId;
  }

  /** A gateway: R82.10 unlocked to PAYG (needs the PAYG contract live at `unlockAt`), or R81.20 on subscription. */
  async gateway(licence: "PAYG" | "SUBSCRIPTION", unlockAt?: Date) {
    const gateway = await registerGateway(db, {
      actor: this.admin,
      input: gatewayInputSchema.parse({
        name: unique("gw"),
        serialNumber: `SN-${randomUUID().slice(0, 12).toUpperCase()}`,
        firmwareVersion: licence === "PAYG" ? "R82.10" : "R81.20",
        accountId: this.account.id,
      }),
    });
    if (licence === "PAYG") await unlockGateway(db, { actor: this.admin, gatewayId: gateway.id, licenceType: "PAYG", now: unlockAt });
    this.devices.set(gateway.serialNumber, { kind: "GATEWAY", paygGateway: licence === "PAYG" });
    return gateway.serialNumber;
  }

  /** Sends one batch at `now` (validated like the API) and remembers what was sent. */
  async send(events: { deviceId: string; at: string }[], now: Date) {
    const batch = events.map((event) => ({ ...event, kind: this.devices.get(event.deviceId)!.kind }));
    const validated = validateTelemetryBatch({ events: batch.map((event) => ({ ...event, accountId: this.account.id })) }, now);
    if ("faults" in validated) throw new Error(`invalid test batch: ${JSON.stringify(validated.faults)}`);
    const result = await ingestTelemetry(db, { actor: this.key, events: validated.events, now });
    expect(result.late).toBe(0);
    for (const event of events) this.sent.push({ deviceId: event.deviceId, at: new Date(event.at) });
    return batch;
  }

  /**
   * Each local day from `from` to `to`: every device sends its events at the
   * wall-clock times its rule gives, in one batch at 23:59:59, re-sending the
   * head of the previous batch (a collector retrying). `afterDay` runs after
   * each day's batch (the daily cron, status changes…).
   */
  async live(from: string, to: string, rules: Record<string, DayRule>, afterDay?: (day: string) => Promise<void>) {
    for (const day of daysBetween(from, to)) {
      const events = Object.entries(rules).flatMap(([deviceId, rule]) =>
        rule(day).map((time) => ({ deviceId, at: this.at(day, time).toISOString() })),
      );
      const retried = this.previousBatch.slice(0, 3);
      // The day's own events are the next batch's head: a retry re-sends what was new, so the
      // first day's events are not re-sent for ever (past the telemetry horizon they would be refused).
      this.previousBatch = (await this.send([...retried, ...events], this.at(day, "23:59:59"))).slice(retried.length);
      if (afterDay) await afterDay(day);
    }
  }

  meter(now: Date) {
    return meterDays(db, { now, accountIds: [this.account.id] });
  }

  rollUp(now: Date) {
    return rollUpMonths(db, { now, accountIds: [this.account.id] });
  }

  expected(options: { service: "QSM" | "DX"; month: string; liveFrom: string; liveTo?: string; billable?: (day: string) => boolean; upTo?: string }) {
    return oracle({ zone: this.zone, sent: this.sent, devices: this.devices, unit: options.service === "QSM" ? "GATEWAY" : "USER", ...options });
  }

  /** usage_daily, usage_monthly and the usage report of a final month all equal the oracle. */
  async expectFinalMonth(code: string, month: string, expected: Expected, reportAt: Date) {
    const service = await db.service.findUniqueOrThrow({ where: { code } });
    const from = isoDateToDb(`${month}-01`);
    const until = isoDateToDb(plusDays(`${month}-01`, expected.daysInMonth));
    const daily = await db.usageDaily.findMany({
      where: { accountId: this.account.id, serviceId: service.id, day: { gte: from, lt: until } },
      orderBy: { day: "asc" },
    });
    expect(daily.map((row) => ({ day: dbDateToIso(row.day), active: row.activeDevices, paygDevices: row.paygDeviceDays, billable: row.billable }))).toEqual(
      expected.days,
    );
    expect(daily.every((row) => row.payg)).toBe(true);
    const monthly = await db.usageMonthly.findUniqueOrThrow({
      where: { accountId_serviceId_month: { accountId: this.account.id, serviceId: service.id, month: from } },
    });
    expect(monthly).toMatchObject({
      daysInMonth: expected.daysInMonth,
      paygDeviceDays: expected.deviceDays,
      monthlyActiveSeats: expected.seats,
      correctionDays: 0,
    });
    const report = await getUsageReport(db, { actor: this.admin, accountId: this.account.id, month, now: reportAt });
    expect(report).toMatchObject({ month, daysInMonth: expected.daysInMonth, monthFinal: true, account: { timezone: this.zone } });
    const usage = report.services.find((row) => row.serviceId === service.id)!;
    expect({
      days: usage.days.map(({ day, active, paygDevices, billable }) => ({ day, active, paygDevices, billable })),
      deviceDays: usage.deviceDays,
      billableUnitsHundredths: usage.billableUnitsHundredths,
      monthlyActiveSeats: usage.monthlyActiveSeats,
      forecastUnitsHundredths: usage.forecastUnitsHundredths,
    }).toEqual({
      days: expected.days,
      deviceDays: expected.deviceDays,
      billableUnitsHundredths: expected.unitsHundredths,
      monthlyActiveSeats: expected.seats,
      forecastUnitsHundredths: null,
    });
    expect(usage.days.every((day) => day.final)).toBe(true);
    return { daily, monthly, report, usage };
  }

  /** Activity days of one device, as ingestion stored them. */
  async activityDays(externalId: string) {
    const device = await db.device.findFirstOrThrow({ where: { accountId: this.account.id, externalId } });
    const rows = await db.deviceDailyActivity.findMany({ where: { accountId: this.account.id, deviceId: device.id }, orderBy: { day: "asc" } });
    return rows.map((row) => dbDateToIso(row.day));
  }
}

async function makeWorld(label: string, zone: string): Promise<World> {
  const t = await makeTenant(label);
  const account = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, billingTimezone: zone });
  const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Collector" });
  const actor = await authenticateApiKey(db, `Bearer ${key}`);
  return new World(t, account, zone, actor!);
}

const every: DayRule = () => ["12:00"];
const only = (days: string[], times = ["12:00"]): DayRule => (day) => (days.includes(day) ? times : []);
const between = (from: string, to: string, times = ["12:00"]): DayRule => (day) => (day >= from && day <= to ? times : []);
const weekdays = (times = ["09:15", "17:45"]): DayRule => (day) => (isWeekend(day) ? [] : times);
const silent: DayRule = () => [];

// ───────────── Scenarios ─────────────

describe("a 31-day month in Madrid with the change to summer time (March 2028), metered every night", () => {
  it("matches the oracle day by day, mid-month (live days) and once final; 31 device-days = 1.00 unit", async () => {
    const w = await makeWorld("tt-madrid-march", "Europe/Madrid");
    await insertContract({ accountId: w.account.id, type: "PAYG", serviceCode: QSM, registeredOn: "2028-03-01", expiresOn: null });
    await insertContract({ accountId: w.account.id, type: "PAYG", serviceCode: DX, registeredOn: "2028-03-01", expiresOn: null, quantity: 3 });
    const gwAlways = await w.gateway("PAYG", w.at("2028-03-01", "12:00"));
    const gwSubscription = await w.gateway("SUBSCRIPTION");
    // Users: one with a laptop and a phone, one with a laptop every third day, one whose devices are silent.
    const aliceLaptop = await w.pairedDevice("alice-laptop", "ENDPOINT", "alice");
    const alicePhone = await w.pairedDevice("alice-phone", "USER_SEAT", "alice");
    const bobLaptop = await w.pairedDevice("bob-laptop", "ENDPOINT", "bob");
    const carolLaptop = await w.pairedDevice("carol-laptop", "ENDPOINT", "carol");
    const carolPhone = await w.pairedDevice("carol-phone", "USER_SEAT", "carol");
    const kiosk = w.device("kiosk-1", "ENDPOINT");
    const quietKiosk = await w.pairedDevice("kiosk-2", "ENDPOINT", "front-desk");
    const probe = w.device("dst-probe", "ENDPOINT");

    const rules: Record<string, DayRule> = {
      // 00:30 local every day: around the change it is 23:30 UTC the day before (CET), then 22:30 UTC (CEST).
      [gwAlways]: () => ["00:30", "23:30"],
      [gwSubscription]: every,
      [aliceLaptop]: weekdays(),
      [alicePhone]: () => ["23:30"],
      [bobLaptop]: (day) => (Number(day.slice(8)) % 3 === 0 ? ["00:30"] : []),
      [carolLaptop]: silent,
      [carolPhone]: silent,
      [kiosk]: (day) => (isWeekend(day) ? [] : ["00:30", "12:00", "23:30"]),
      [quietKiosk]: silent,
    };
    let meteredRows = 0;
    const rolledUp: Record<string, number> = {};
    const cron = async (day: string) => {
      const now = w.at(plusDays(day, 1), "00:05");
      meteredRows += await w.meter(now);
      const rolled = await w.rollUp(now);
      if (rolled) rolledUp[plusDays(day, 1)] = rolled;
    };
    await w.live("2028-03-01", "2028-03-20", rules, cron);

    // Mid-month, at 00:10 on the 21st: days up to the 17th are metered, the 18th–21st computed live.
    const midMonth = w.at("2028-03-21", "00:10");
    const report = await getUsageReport(db, { actor: w.admin, accountId: w.account.id, month: "2028-03", now: midMonth });
    expect(report).toMatchObject({ today: "2028-03-21", cutOffDay: "2028-03-17", monthFinal: false });
    for (const [code, service] of [[QSM, "QSM"], [DX, "DX"]] as const) {
      const expected = w.expected({ service, month: "2028-03", liveFrom: "2028-03-01", upTo: "2028-03-21" });
      const usage = report.services.find((row) => row.serviceName === (code === QSM ? "Quantum Spark Management" : "DefensX Web Security"))!;
      expect(usage.days.map(({ day, active, paygDevices, billable }) => ({ day, active, paygDevices, billable }))).toEqual(expected.days);
      expect(usage.days.map((day) => day.final)).toEqual(expected.days.map((day) => day.day <= "2028-03-17"));
      expect(usage.deviceDays).toBe(expected.deviceDays);
      expect(usage.monthlyActiveSeats).toBe(expected.seats);
      expect(usage.activeToday).toBe(0);
      expect(usage.forecastUnitsHundredths).toBe(Math.round((expected.deviceDays * 100) / 21));
    }

    await w.live("2028-03-21", "2028-03-26", rules, cron);
    // The probe reports at literal UTC instants around the change (no helper involved).
    await w.send(
      [
        { deviceId: probe, at: "2028-03-25T22:30:00Z" }, // 23:30 CET on the 25th
        { deviceId: probe, at: "2028-03-25T23:30:00Z" }, // 00:30 CET on the 26th
        { deviceId: probe, at: "2028-03-26T21:59:59Z" }, // 23:59:59 CEST on the 26th
        { deviceId: probe, at: "2028-03-26T22:30:00Z" }, // 00:30 CEST on the 27th
      ],
      new Date("2028-03-26T23:59:00Z"),
    );
    await w.live("2028-03-27", "2028-04-05", rules, cron);
    // Every day metered once per service: 1 March … 2 April (the last run, at 00:05 on 6 April, reaches today − 4).
    expect(meteredRows).toBe(2 * daysBetween("2028-03-01", "2028-04-02").length);
    // March was rolled up the night its last day became final (4 April), once, for both services.
    expect(rolledUp).toEqual({ "2028-04-04": 2 });

    expect(await w.activityDays(probe)).toEqual(["2028-03-25", "2028-03-26", "2028-03-27"]);
    expect(await w.activityDays(gwAlways)).toEqual(daysBetween("2028-03-01", "2028-04-05"));

    const reportAt = w.at("2028-04-10", "12:00");
    const gateways = w.expected({ service: "QSM", month: "2028-03", liveFrom: "2028-03-01" });
    // The acceptance numbers: one PAYG gateway active every day of a 31-day month = 31 device-days = 1.00 unit;
    // the R81.20 gateway is active (and a seat) but never on PAYG.
    expect(gateways).toMatchObject({ deviceDays: 31, unitsHundredths: 100, seats: 2, daysInMonth: 31 });
    expect(gateways.days.every((day) => day.active === 2 && day.paygDevices === 1)).toBe(true);
    const { usage: gatewayUsage } = await w.expectFinalMonth(QSM, "2028-03", gateways, reportAt);
    expect(gatewayUsage).toMatchObject({ paygThreshold: 10, overThreshold: false });

    const users = w.expected({ service: "DX", month: "2028-03", liveFrom: "2028-03-01" });
    // alice (two devices) once, bob once, the kiosk once, the probe once; carol and kiosk-2 were silent.
    expect(users.seats).toBe(4);
    const { usage } = await w.expectFinalMonth(DX, "2028-03", users, reportAt);
    // Quantity threshold 3: exceeded on the days more than three user devices were active.
    expect(users.days.some((day) => day.paygDevices > 3)).toBe(true);
    expect(usage).toMatchObject({ paygThreshold: 3, overThreshold: true });
  });
});

describe("a 31-day month in Madrid with the change back to winter time (October 2028), after 10 days of downtime", () => {
  it("one run after the outage meters every final day since the watermark; the report fills the gap live until then", async () => {
    const w = await makeWorld("tt-madrid-october", "Europe/Madrid");
    await insertContract({ accountId: w.account.id, type: "PAYG", serviceCode: QSM, registeredOn: "2028-10-01", expiresOn: null });
    const gwA = await w.gateway("PAYG", w.at("2028-10-01", "12:00"));
    const gwB = await w.gateway("PAYG", w.at("2028-10-01", "12:00"));
    const gwOld = await w.gateway("SUBSCRIPTION");
    const rules = {
      // 00:30 on the 29th is 22:30 UTC on the 28th (CEST); 00:30 on the 30th is 23:30 UTC on the 29th (CET).
      [gwA]: () => ["00:30", "23:30"],
      [gwB]: between("2028-10-01", "2028-10-15", ["23:30"]),
      [gwOld]: weekdays(["10:00"]),
    };
    const runs: number[] = [];
    await w.live("2028-10-01", "2028-11-04", rules, async (day) => {
      const next = plusDays(day, 1);
      // The scheduler runs every night until the 25th, then nothing for 10 nights (26 October – 4 November).
      if (next <= "2028-10-25") runs.push(await w.meter(w.at(next, "00:05")));
      // During the outage gwB reports a buffered event of 27 October: closed, but not metered yet, so it still
      // counts (and inside the telemetry horizon, which a buffered event older than 7 days is not).
      if (day === "2028-11-02") await w.send([{ deviceId: gwB, at: w.at("2028-10-27", "12:00").toISOString() }], w.at(day, "23:59:59"));
    });
    // Nightly runs metered 1–21 October, one day each (the first four nights had no final day yet).
    expect(runs).toEqual([0, 0, 0, ...Array.from({ length: 21 }, () => 1)]);
    const watermark = async () => (await db.meteringWatermark.findFirstOrThrow({ where: { accountId: w.account.id } })).lastDay;
    expect(dbDateToIso(await watermark())).toBe("2028-10-21");

    // During the outage the report still shows every day of the month: metered ones final, the rest live.
    const duringOutage = w.at("2028-11-04", "12:00");
    const report = await getUsageReport(db, { actor: w.admin, accountId: w.account.id, month: "2028-10", now: duringOutage });
    const expected = w.expected({ service: "QSM", month: "2028-10", liveFrom: "2028-10-01" });
    const usage = report.services[0]!;
    expect(usage.days.map(({ day, active, paygDevices }) => ({ day, active, paygDevices }))).toEqual(
      expected.days.map(({ day, active, paygDevices }) => ({ day, active, paygDevices })),
    );
    expect(usage.days.filter((day) => day.final).map((day) => day.day)).toEqual(daysBetween("2028-10-01", "2028-10-21"));
    expect(usage.deviceDays).toBe(expected.deviceDays);

    // Back up on 5 November at 00:05: 22 October … 1 November in one run, then nothing more.
    const back = w.at("2028-11-05", "00:05");
    expect(await w.meter(back)).toBe(daysBetween("2028-10-22", "2028-11-01").length);
    expect(await w.meter(back)).toBe(0);
    expect(dbDateToIso(await watermark())).toBe("2028-11-01");
    expect(await w.rollUp(back)).toBe(1);
    expect(await w.rollUp(back)).toBe(0);

    expect(await w.activityDays(gwA)).toEqual(daysBetween("2028-10-01", "2028-11-04"));
    // gwA every day (31) + gwB 1–15 and 27 October (16) = 47 device-days ÷ 31 days = 1.52 units.
    expect(expected).toMatchObject({ deviceDays: 47, unitsHundredths: 152, seats: 3 });
    await w.expectFinalMonth(QSM, "2028-10", expected, w.at("2028-11-10", "12:00"));
  });
});

describe("a 30-day month in Honolulu (UTC−10, April 2028): a contract from mid-month and a canceled one", () => {
  it("the gateway contract counts from its first day; the canceled user contract stops after the local cancel day", async () => {
    const w = await makeWorld("tt-honolulu", "Pacific/Honolulu");
    await insertContract({ accountId: w.account.id, type: "PAYG", serviceCode: QSM, registeredOn: "2028-04-10", expiresOn: null });
    const users = await addContract(db, {
      actor: w.admin,
      accountId: w.account.id,
      input: addContractSchema.parse({ service: DX, type: "PAYG", quantity: 2 }),
      now: w.at("2028-04-01", "08:00"),
    });
    const gw1 = await w.gateway("PAYG", w.at("2028-04-10", "12:00"));
    const gw2 = await w.gateway("PAYG", w.at("2028-04-10", "12:00"));
    const laptop = w.device("laptop-1", "ENDPOINT");
    const afterCancel = w.device("laptop-2", "ENDPOINT");
    const davePc = await w.pairedDevice("dave-pc", "ENDPOINT", "dave");
    const davePhone = await w.pairedDevice("dave-phone", "USER_SEAT", "dave");
    const rules = {
      // 00:30 HST is 10:30 UTC the same day; 23:30 HST is 09:30 UTC the next day.
      [gw1]: () => ["00:30"],
      [gw2]: () => ["23:30"],
      [laptop]: every,
      [afterCancel]: between("2028-04-21", "2028-04-30", ["00:30"]),
      [davePc]: weekdays(),
      [davePhone]: weekdays(["23:30"]),
    };
    await w.live("2028-04-01", "2028-04-20", rules);
    // Canceled at 23:00 on 20 April in Honolulu, which is already the 21st in UTC.
    await cancelContract(db, { actor: w.admin, contractId: users.id, input: { reason: "Customer moved on" }, now: new Date("2028-04-21T09:00:00Z") });
    await w.live("2028-04-21", "2028-04-30", rules);

    // Metered in one run once April is final (4 May, 00:05 HST): 21 gateway days and 20 user days.
    const final = w.at("2028-05-04", "00:05");
    expect(await w.meter(final)).toBe(21 + 20);
    expect(await w.rollUp(final)).toBe(2);

    const gateways = w.expected({ service: "QSM", month: "2028-04", liveFrom: "2028-04-10" });
    // Two PAYG gateways on 21 days = 42 device-days ÷ 30 = 1.40 units.
    expect(gateways).toMatchObject({ deviceDays: 42, unitsHundredths: 140, seats: 2, daysInMonth: 30 });
    await w.expectFinalMonth(QSM, "2028-04", gateways, w.at("2028-05-10", "12:00"));

    const userUsage = w.expected({ service: "DX", month: "2028-04", liveFrom: "2028-04-01", liveTo: "2028-04-20" });
    // laptop-1 and dave (two devices, one seat); laptop-2 only reported after the cancel day.
    expect(userUsage.seats).toBe(2);
    expect(userUsage.days.at(-1)!.day).toBe("2028-04-20");
    const { report, usage } = await w.expectFinalMonth(DX, "2028-04", userUsage, w.at("2028-05-10", "12:00"));
    expect(usage.contracts).toEqual([expect.objectContaining({ id: users.id, type: "PAYG", quantity: 2 })]);
    expect(report.services.find((row) => row.unit === "GATEWAY")).toMatchObject({ paygThreshold: 10, overThreshold: false });
  });
});

describe("February in Kiritimati (UTC+14): a leap month with the account inactive for ten days", () => {
  it("inactivated on 10 February, reactivated on 20 February: 11th–20th are not billable, usage resumes on the 21st", async () => {
    const w = await makeWorld("tt-kiritimati-leap", "Pacific/Kiritimati");
    await insertContract({ accountId: w.account.id, type: "PAYG", serviceCode: QSM, registeredOn: "2028-02-01", expiresOn: null });
    await insertContract({ accountId: w.account.id, type: "PAYG", serviceCode: DX, registeredOn: "2028-02-01", expiresOn: null });
    const gw = await w.gateway("PAYG", w.at("2028-02-01", "12:00"));
    const laptop = w.device("laptop-1", "ENDPOINT");
    const whileInactive = w.device("laptop-inactive", "ENDPOINT");
    const evePc = await w.pairedDevice("eve-pc", "ENDPOINT", "eve");
    const evePhone = await w.pairedDevice("eve-phone", "USER_SEAT", "eve");
    const rules = {
      // 00:30 in Kiritimati is 10:30 UTC the day before.
      [gw]: () => ["00:30"],
      [laptop]: every,
      [whileInactive]: between("2028-02-12", "2028-02-18"),
      [evePc]: weekdays(["08:00"]),
      [evePhone]: only(["2028-02-15", "2028-02-29"], ["23:30"]),
    };
    const setStatus = async (change: "inactivate" | "reactivate", instant: Date) => {
      await changeAccountStatus(db, { actor: w.admin, accountId: w.account.id, change });
      const action = change === "inactivate" ? "account.inactivated" : "account.reactivated";
      await backdateStatusChange(db, { accountId: w.account.id, action, at: instant });
    };
    await w.live("2028-02-01", "2028-02-29", rules, async (day) => {
      if (day === "2028-02-10") await setStatus("inactivate", w.at(day, "15:00"));
      if (day === "2028-02-20") await setStatus("reactivate", w.at(day, "09:00"));
    });

    const final = w.at("2028-03-04", "00:05");
    expect(await w.meter(final)).toBe(2 * 29);
    expect(await w.rollUp(final)).toBe(2);
    const billable = (day: string) => day <= "2028-02-10" || day >= "2028-02-21";
    const gateways = w.expected({ service: "QSM", month: "2028-02", liveFrom: "2028-02-01", billable });
    // 29 days − 10 inactive = 19 device-days ÷ 29 = 0.66 units.
    expect(gateways).toMatchObject({ deviceDays: 19, unitsHundredths: 66, daysInMonth: 29 });
    await w.expectFinalMonth(QSM, "2028-02", gateways, w.at("2028-03-10", "12:00"));
    const userUsage = w.expected({ service: "DX", month: "2028-02", liveFrom: "2028-02-01", billable });
    // laptop-1 and eve; the laptop that only reported while the account was inactive is not billed.
    expect(userUsage.seats).toBe(2);
    expect(userUsage.days.find((day) => day.day === "2028-02-29")).toMatchObject({ active: 3, paygDevices: 3, billable: true });
    await w.expectFinalMonth(DX, "2028-02", userUsage, w.at("2028-03-10", "12:00"));
    expect(await w.activityDays(gw)).toEqual(daysBetween("2028-02-01", "2028-02-29"));
  });
});

describe("a 28-day February (2027) in UTC", () => {
  it("one PAYG gateway every day: 28 device-days = 1.00 unit; days before the account existed are never metered", async () => {
    const w = await makeWorld("tt-utc-feb", "UTC");
    await insertContract({ accountId: w.account.id, type: "PAYG", serviceCode: QSM, registeredOn: "2027-01-15", expiresOn: null });
    const gw = await w.gateway("PAYG", w.at("2027-02-01", "12:00"));
    await w.live("2027-02-01", "2027-02-28", { [gw]: () => ["00:00", "23:59:59"] });
    // January: the account only exists from 20 January (its creation bounds metering), so the 15th–19th never are.
    await db.account.update({ where: { id: w.account.id }, data: { createdAt: new Date("2027-01-20T08:00:00Z") } });
    const final = w.at("2027-03-04", "00:00");
    expect(await w.meter(final)).toBe(daysBetween("2027-01-20", "2027-02-28").length);
    expect(await w.rollUp(final)).toBe(2);
    const january = await db.usageDaily.findMany({ where: { accountId: w.account.id, day: { lt: isoDateToDb("2027-02-01") } }, orderBy: { day: "asc" } });
    expect(dbDateToIso(january[0]!.day)).toBe("2027-01-20");
    const expected = w.expected({ service: "QSM", month: "2027-02", liveFrom: "2027-02-01" });
    expect(expected).toMatchObject({ deviceDays: 28, unitsHundredths: 100, daysInMonth: 28 });
    await w.expectFinalMonth(QSM, "2027-02", expected, w.at("2027-03-10", "12:00"));
  });
});
