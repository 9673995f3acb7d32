import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isoDateToDb } from "@/lib/dates";
import { raiseAlerts } from "@/server/billing/alerts/raise-alerts";
import { updateAlertSetting, type AlertSettingInput } from "@/server/billing/alerts/update-alert-setting";
import { db } from "@/server/db";
import { meterDays } from "@/server/metering/meter-days";
import { getMonthlyPools } from "@/server/pools/get-monthly-pools";
import { expectAppError } from "../../support/expect-app-error";
import { makeAccount, makeActor, makeTenant } from "../../support/factories";
import { AD360, insertContract, QSM } from "../../support/contract-factories";

/*
 * docs/money.md#alerts with the clock pinned: 10 December 2026, 12:00 UTC. Final (metered) days
 * run to 6 December; the spike and drop alerts look at the last week of them (30 November – 6 December).
 */
const NOW = new Date("2026-12-10T12:00:00Z");

/** `counts[i]` active devices of a service on day `from + i` (metered rows, as the daily run writes them). */
async function metered(accountId: string, serviceCode: string, from: string, counts: number[], options: { payg?: boolean } = {}) {
  const service = await db.service.findUniqueOrThrow({ where: { code: serviceCode } });
  await db.$executeRaw`
    INSERT INTO usage_daily (account_id, service_id, day, active_devices, payg_device_days, billable, payg)
    SELECT ${accountId}::uuid, ${service.id}::uuid, ${from}::date + (i - 1)::int, c, ${options.payg ? 1 : 0} * c, true, ${options.payg ?? false}
    FROM unnest(${counts}::int[]) WITH ORDINALITY AS t(c, i)`;
  return service;
}

/** `devices` PAYG gateways active every day of [from, to] (activity, as ingestion writes it). */
async function paygGateways(accountId: string, devices: number, from: string, to: string) {
  for (let i = 0; i < devices; i++) {
    await db.$executeRaw`
      INSERT INTO device_daily_activity (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, payg)
      SELECT ${accountId}::uuid, d::date, ${randomUUID()}::uuid, d + interval '9 hours', d + interval '10 hours', 3, 'GATEWAY', true
      FROM generate_series(${from}::date, ${to}::date, interval '1 day') d`;
  }
}

const alertsOf = (accountId: string) => db.alert.findMany({ where: { accountId }, orderBy: [{ kind: "asc" }, { period: "asc" }] });
const noticesOf = (accountId: string) => db.notice.findMany({ where: { accountId, key: { startsWith: "alert:" } }, orderBy: { key: "asc" } });

const input = (kind: AlertSettingInput["kind"], values: Partial<AlertSettingInput> = {}): AlertSettingInput => ({
  kind,
  enabled: true,
  threshold: "",
  minDevices: "",
  recipients: "",
  ...values,
});

describe("alerts (docs/money.md#alerts)", () => {
  it("PAYG devices over the contract's quantity on a final day: once per contract and month, through the notices outbox, exactly once", async () => {
    const t = await makeTenant("alert-payg");
    const contract = await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: QSM, registeredOn: "2026-06-01", expiresOn: null, quantity: 2 });
    // Three PAYG gateways from 28 November: over the quantity of 2 on every day, in two months.
    await paygGateways(t.customer.id, 3, "2026-11-28", "2026-12-09");
    await meterDays(db, { now: NOW, accountIds: [t.customer.id] });
    await updateAlertSetting(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, input: input("PAYG_OVER_QUANTITY", { recipients: "Finance@Example.test, ops@example.test" }) });

    // The daily run twice at the same moment, then once more: each alert and each notice once.
    const [first, second] = await Promise.all([raiseAlerts(db, { now: NOW, accountIds: [t.customer.id] }), raiseAlerts(db, { now: NOW, accountIds: [t.customer.id] })]);
    expect(first.alertsRaised + second.alertsRaised).toBe(2);
    expect(await raiseAlerts(db, { now: NOW, accountIds: [t.customer.id] })).toEqual({ alertsRaised: 0, alertsAlreadyRaised: 2 });

    const alerts = await alertsOf(t.customer.id);
    expect(alerts.map((a) => [a.kind, a.subject, a.period])).toEqual([
      ["PAYG_OVER_QUANTITY", contract.id, "2026-11"],
      ["PAYG_OVER_QUANTITY", contract.id, "2026-12"],
    ]);
    expect(alerts[0]!.message).toMatch(/^Quantum Spark Management: 3 devices on PAYG on 2026-11-28, over the quantity of CT-\d{6} \(2\)\.$/);
    expect(alerts[1]!.message).toContain("on 2026-12-01");
    const notices = await noticesOf(t.customer.id);
    expect(notices.map((n) => n.key)).toEqual([`alert:PAYG_OVER_QUANTITY:${contract.id}:2026-11`, `alert:PAYG_OVER_QUANTITY:${contract.id}:2026-12`]);
    // In-app, and emailed to the account's recipients (its admins: none configured) and the setting's own addresses.
    expect(notices[0]).toMatchObject({ email: true, status: "PENDING", link: `/a/${t.customer.id}/usage?month=2026-11` });
    expect([...notices[0]!.recipients].sort()).toEqual([t.customerAdmin.email.toLowerCase(), "finance@example.test", "ops@example.test"].sort());
  });

  it("off: an account that switched an alert off gets none; the defaults apply to an account without a setting", async () => {
    const t = await makeTenant("alert-off");
    const quiet = await makeAccount({ kind: "CUSTOMER", parent: t.mssp });
    for (const account of [t.customer, quiet]) {
      await insertContract({ accountId: account.id, type: "PAYG", serviceCode: QSM, registeredOn: "2026-06-01", expiresOn: null, quantity: 1 });
      await metered(account.id, QSM, "2026-12-01", [2, 2], { payg: true });
    }
    await updateAlertSetting(db, { actor: t.msspAdmin.actor, accountId: quiet.id, input: input("PAYG_OVER_QUANTITY", { enabled: false }) });
    await raiseAlerts(db, { now: NOW, accountIds: [t.customer.id, quiet.id] });
    expect((await alertsOf(t.customer.id)).map((a) => a.kind)).toEqual(["PAYG_OVER_QUANTITY"]);
    expect(await alertsOf(quiet.id)).toEqual([]);
  });

  it("day-over-day spikes and drops beyond X % and at least N devices, on the last week of final days, once switched on", async () => {
    const t = await makeTenant("alert-spike");
    const strict = await makeAccount({ kind: "CUSTOMER", parent: t.mssp });
    // 21 November (5 → 45) and 29 November (45 → 10) are older than a week of final days: not news any more.
    // 1 → 2 Dec: 10 → 30 (+200 %, +20): a spike. 3 → 4 Dec: 30 → 8 (−73 %, −22): a drop.
    // 5 → 6 Dec: 8 → 12 (+50 %, exactly the default's 50 %: not beyond it).
    const counts = [5, ...Array(8).fill(45), 10, 10, 10, 30, 30, 8, 8, 12];
    const service = await metered(t.customer.id, AD360, "2026-11-20", counts);
    await metered(strict.id, AD360, "2026-11-20", counts);
    // Off by default: nothing until they are switched on.
    await raiseAlerts(db, { now: NOW, accountIds: [t.customer.id, strict.id] });
    expect(await alertsOf(t.customer.id)).toEqual([]);
    // The customer switches both on with the suggested 50 % and 10 devices; another account asks for a
    // spike of at least 25 devices and 100 %, and drops as suggested: only the drop of 22 reaches it.
    for (const kind of ["USAGE_SPIKE", "USAGE_DROP"] as const) {
      await updateAlertSetting(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: input(kind, { threshold: "50", minDevices: "10" }) });
    }
    await updateAlertSetting(db, { actor: t.msspAdmin.actor, accountId: strict.id, input: input("USAGE_SPIKE", { threshold: "100", minDevices: "25" }) });
    await updateAlertSetting(db, { actor: t.msspAdmin.actor, accountId: strict.id, input: input("USAGE_DROP", { threshold: "50", minDevices: "10" }) });

    await raiseAlerts(db, { now: NOW, accountIds: [t.customer.id, strict.id] });
    const alerts = await alertsOf(t.customer.id);
    expect(alerts.map((a) => [a.kind, a.subject, a.period, a.message])).toEqual([
      ["USAGE_SPIKE", service.id, "2026-12-02", "Active devices of Adaptive Defense 360 rose from 10 to 30 on 2026-12-02 (+200 %)."],
      ["USAGE_DROP", service.id, "2026-12-04", "Active devices of Adaptive Defense 360 fell from 30 to 8 on 2026-12-04 (−73 %)."],
    ]);
    expect((await alertsOf(strict.id)).map((a) => a.kind)).toEqual(["USAGE_DROP"]);
  });

  it("the month-end forecast over the budget (in minor units of the book's currency), once a month", async () => {
    const t = await makeTenant("alert-budget");
    const cheap = await makeAccount({ kind: "CUSTOMER", parent: t.mssp });
    await db.priceBook.create({
      data: {
        accountId: t.mssp.id,
        name: "Standard",
        currency: "EUR",
        defaultKey: t.mssp.id,
        createdBy: "test",
        prices: { create: [{ accountId: t.mssp.id, sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", fromMonth: isoDateToDb("2026-01-01"), unitPriceMinor: 1250, createdBy: "test" }] },
      },
    });
    for (const account of [t.customer, cheap]) {
      await insertContract({ accountId: account.id, type: "PAYG", serviceCode: QSM, registeredOn: "2026-06-01", expiresOn: null, quantity: 50 });
      // Ten PAYG gateways every day of December so far: 60 metered device-days to the 6th, 40 still open (7th–10th).
      await paygGateways(account.id, 10, "2026-12-01", "2026-12-10");
    }
    await meterDays(db, { now: NOW, accountIds: [t.customer.id, cheap.id] });
    // 100 device-days in 10 days of a 31-day month: 10.00 units at month end × EUR 12.50 = EUR 125.00 (EUR 40.32 so far).
    await updateAlertSetting(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, input: input("FORECAST_OVER_BUDGET", { threshold: "100.00" }) });
    const cheapAdmin = await makeActor(cheap, "ADMIN");
    await updateAlertSetting(db, { actor: cheapAdmin.actor, accountId: cheap.id, input: input("FORECAST_OVER_BUDGET", { threshold: "125" }) });
    expect(await db.alertSetting.findUniqueOrThrow({ where: { accountId_kind: { accountId: t.customer.id, kind: "FORECAST_OVER_BUDGET" } } })).toMatchObject({ threshold: 10_000 });

    await raiseAlerts(db, { now: NOW, accountIds: [t.customer.id, cheap.id] });
    const [alert] = await alertsOf(t.customer.id);
    expect(alert).toMatchObject({ kind: "FORECAST_OVER_BUDGET", subject: "", period: "2026-12" });
    expect(alert!.message).toBe(`The month-end forecast of ${t.customer.name}'s charges for 2026-12 is EUR 125.00 (EUR 40.32 so far), over the budget of EUR 100.00.`);
    // EUR 125.00 is not over a budget of EUR 125.00.
    expect(await alertsOf(cheap.id)).toEqual([]);
  });

  it("a monthly pool short at the next renewal: the pool page's warning and the alert from the same days ahead", async () => {
    const t = await makeTenant("alert-pool");
    const service = await db.service.findUniqueOrThrow({ where: { code: AD360 } });
    const pool = await db.monthlyPool.create({ data: { accountId: t.mssp.id, serviceId: service.id, month: isoDateToDb("2026-12-01"), renewalLicences: 4 } });
    await db.monthlyAssignment.create({ data: { accountId: t.mssp.id, poolId: pool.id, clientAccountId: t.customer.id, devices: 10 } });
    const scope = (now: Date) => ({ now, accountIds: [t.mssp.id] });

    // 20 December: 12 days before the renewal, more than the default 7: no warning, no alert.
    const twentieth = new Date("2026-12-20T12:00:00Z");
    expect((await getMonthlyPools(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now: twentieth })).pools[0]!.forecast).toMatchObject({ short: 6, warn: false });
    await raiseAlerts(db, scope(twentieth));
    expect(await alertsOf(t.mssp.id)).toEqual([]);
    // The partner asks for 14 days ahead: the page warns and the alert is raised, once for the January renewal.
    await updateAlertSetting(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, input: input("POOL_SHORT", { threshold: "14" }) });
    expect((await getMonthlyPools(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now: twentieth })).pools[0]!.forecast).toMatchObject({ short: 6, warn: true });
    await raiseAlerts(db, scope(twentieth));
    await raiseAlerts(db, scope(new Date("2026-12-27T12:00:00Z")));
    const alerts = await alertsOf(t.mssp.id);
    expect(alerts.map((a) => [a.kind, a.subject, a.period])).toEqual([["POOL_SHORT", pool.id, "2027-01"]]);
    expect(alerts[0]!.message).toBe(
      "The renewal of Adaptive Defense 360 on 2027-01-01 will be short: 10 licences needed, 4 covered. 6 devices will lose protection unless you exchange 18 more points for the renewal.",
    );
    expect((await noticesOf(t.mssp.id)).map((n) => n.link)).toEqual([`/a/${t.mssp.id}/pools/monthly`]);
    // Switched off: the page still warns (nothing lost), no alert is sent for the next renewal.
    await updateAlertSetting(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, input: input("POOL_SHORT", { enabled: false, threshold: "14" }) });
    await db.monthlyPool.update({ where: { id: pool.id }, data: { month: isoDateToDb("2027-01-01") } });
    const january = new Date("2027-01-25T12:00:00Z");
    expect((await getMonthlyPools(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now: january })).pools[0]!.forecast.warn).toBe(true);
    await raiseAlerts(db, scope(january));
    expect(await alertsOf(t.mssp.id)).toHaveLength(1);
  });
});

describe("alert settings", () => {
  const settingOf = (accountId: string, kind: AlertSettingInput["kind"]) => db.alertSetting.findUnique({ where: { accountId_kind: { accountId, kind } } });

  it("refuses bad input field by field and writes nothing", async () => {
    const t = await makeTenant("alert-settings");
    const refuse = async (values: AlertSettingInput, fields: Record<string, RegExp>) => {
      const error = await expectAppError(updateAlertSetting(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: values }), "INVALID");
      expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(Object.keys(fields).sort());
      for (const [field, message] of Object.entries(fields)) expect(error.fieldErrors![field]!.join(" ")).toMatch(message);
    };
    await refuse(input("USAGE_SPIKE", { threshold: "0", minDevices: "-3" }), { threshold: /from 1 to 1,000/, minDevices: /whole number/ });
    await refuse(input("USAGE_DROP", { threshold: "1001", minDevices: "2.5" }), { threshold: /from 1 to 1,000/, minDevices: /whole number/ });
    await refuse(input("POOL_SHORT", { threshold: "40" }), { threshold: /from 1 to 31/ });
    await refuse(input("PAYG_OVER_QUANTITY", { recipients: "ok@example.test, not-an-email" }), { recipients: /not-an-email/ });
    // No price book yet: a budget has no currency.
    await refuse(input("FORECAST_OVER_BUDGET", { threshold: "100" }), { threshold: /no price book/ });
    await refuse(input("FORECAST_OVER_BUDGET", { threshold: "" }), { threshold: /Enter the budget/ });
    expect(await db.alertSetting.count({ where: { accountId: t.customer.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { accountId: t.customer.id, action: "alerts.setting_changed" } })).toBe(0);
  });

  it("is saved and audited by admins of the account or above; others read it; out of reach is not found", async () => {
    const t = await makeTenant("alert-tenancy");
    const other = await makeTenant("alert-tenancy-other");
    await updateAlertSetting(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: input("USAGE_SPIKE", { threshold: "80", minDevices: "5" }) });
    expect(await settingOf(t.customer.id, "USAGE_SPIKE")).toMatchObject({ enabled: true, threshold: 80, minDevices: 5, recipients: [] });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.customer.id, action: "alerts.setting_changed" } });
    expect(audit).toMatchObject({ before: { kind: "USAGE_SPIKE", enabled: false, threshold: 50, minDevices: 10 }, after: { kind: "USAGE_SPIKE", enabled: true, threshold: 80, minDevices: 5 } });

    await expectAppError(updateAlertSetting(db, { actor: t.msspViewer.actor, accountId: t.customer.id, input: input("USAGE_SPIKE", { threshold: "10", minDevices: "1" }) }), "FORBIDDEN");
    await expectAppError(updateAlertSetting(db, { actor: other.msspAdmin.actor, accountId: t.customer.id, input: input("USAGE_SPIKE", { threshold: "10", minDevices: "1" }) }), "NOT_FOUND");
    expect(await settingOf(t.customer.id, "USAGE_SPIKE")).toMatchObject({ threshold: 80 });
  });
});
