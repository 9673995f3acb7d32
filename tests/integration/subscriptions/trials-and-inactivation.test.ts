import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { isoDateToDb } from "@/lib/dates";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { verifyCredentials } from "@/server/auth/verify-credentials";
import { activateEndedTrials } from "@/server/subscriptions/activate-ended-trials";
import { getPackageUsage } from "@/server/usage";
import { makeAccount, makeTenant, makeUser, TEST_PASSWORD } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { dxPackages, insertDxSubscription, localInstant, makeDxCustomer, sendEvents } from "../../support/subscription-fixtures";
import { backdateStatusChange } from "../../support/status-history";

describe("trials end by themselves", () => {
  it("an in_trial customer becomes active after its last trial day (its timezone), exactly once, with a notice", async () => {
    const t = await makeTenant("trial-auto");
    const zone = "Pacific/Auckland";
    const customer = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, status: "IN_TRIAL", trialEndsOn: isoDateToDb("2028-02-29"), billingTimezone: zone });
    const only = [customer.id];
    // 23:00 on 29 February (leap day) in Auckland: still the last day of the trial.
    expect(await activateEndedTrials(db, { now: localInstant("2028-02-29", "23:00", zone), accountIds: only })).toBe(0);
    expect((await db.account.findUniqueOrThrow({ where: { id: customer.id } })).status).toBe("IN_TRIAL");
    // 00:30 on 1 March in Auckland is still 29 February in UTC: the account's own day decides.
    const due = localInstant("2028-03-01", "00:30", zone);
    expect(due.toISOString().slice(0, 10)).toBe("2028-02-29");
    const [a, b] = await Promise.all([
      activateEndedTrials(db, { now: due, accountIds: only }),
      activateEndedTrials(db, { now: due, accountIds: only }),
    ]);
    expect(a + b).toBe(1);
    expect(await activateEndedTrials(db, { now: localInstant("2028-03-02", "00:30", zone), accountIds: only })).toBe(0);
    const account = await db.account.findUniqueOrThrow({ where: { id: customer.id } });
    expect(account).toMatchObject({ status: "ACTIVE", trialEndsOn: null });
    const events = await db.auditEvent.findMany({ where: { accountId: customer.id, action: "account.trial_auto_activated" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.actorLabel).toBe("system:trial-end");
    expect(events[0]!.after).toMatchObject({ status: "ACTIVE", notice: { key: `trial-activated:${customer.id}` } });
    const notices = await db.notice.findMany({ where: { accountId: customer.id, kind: "account.trial_activated" } });
    expect(notices.map((n) => n.key)).toEqual([`trial-activated:${customer.id}`]);
  });

  it("made active by hand during the trial: the daily job leaves it alone", async () => {
    const t = await makeTenant("trial-hand");
    const customer = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, status: "IN_TRIAL", trialEndsOn: isoDateToDb("2028-01-31") });
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: customer.id, change: "activate-trial" });
    expect((await db.account.findUniqueOrThrow({ where: { id: customer.id } })).status).toBe("ACTIVE");
    expect(await activateEndedTrials(db, { now: new Date("2028-02-05T12:00:00Z"), accountIds: [customer.id] })).toBe(0);
    expect(await db.auditEvent.count({ where: { accountId: customer.id, action: "account.trial_auto_activated" } })).toBe(0);
  });
});

describe("inactivating a customer (Customers → Edit → inactive → update)", () => {
  it("refuses its users' sign-in, stops billing from the next day and keeps the data; reactivating restores both", async () => {
    const zone = "Europe/Madrid";
    const { t, customer, collector } = await makeDxCustomer("inactive", zone);
    const { core } = await dxPackages();
    await insertDxSubscription(customer.id, core.id, "2028-09-01");
    const { email } = await makeUser({ account: customer, role: "ADMIN" });
    const at = (day: string, time: string) => localInstant(day, time, zone);

    await verifyCredentials(db, { email, password: TEST_PASSWORD, clientKey: null });
    await sendEvents(collector, customer.id, [{ deviceId: "kiosk-a", kind: "ENDPOINT", at: at("2028-09-03", "10:00") }], at("2028-09-03", "23:00"));

    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: customer.id, change: "inactivate", reason: "Customer left" });
    // Billing stops from the day after the inactivation (as the scheduled metering reads it).
    await backdateStatusChange(db, { accountId: customer.id, action: "account.inactivated", at: at("2028-09-10", "15:00") });
    await expectAppError(verifyCredentials(db, { email, password: TEST_PASSWORD, clientKey: null }), "FORBIDDEN", "ACCOUNT_INACTIVE");

    // Devices keep reporting while inactive: kept, not billed.
    await sendEvents(collector, customer.id, [{ deviceId: "kiosk-b", kind: "ENDPOINT", at: at("2028-09-10", "11:00") }], at("2028-09-10", "23:00"));
    await sendEvents(collector, customer.id, [{ deviceId: "kiosk-c", kind: "ENDPOINT", at: at("2028-09-15", "11:00") }], at("2028-09-15", "23:00"));
    const report = await getPackageUsage(db, { actor: t.msspAdmin.actor, accountId: customer.id, month: "2028-09", now: at("2028-09-20", "12:00") });
    // kiosk-a (3rd) and kiosk-b (10th, the inactivation day itself) bill; kiosk-c (15th) does not.
    expect(report.packages.map((p) => [p.sku, p.standaloneEndpoints])).toEqual([["DX-CORE", 2]]);
    expect(await db.device.count({ where: { accountId: customer.id } })).toBe(3);

    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: customer.id, change: "reactivate" });
    await backdateStatusChange(db, { accountId: customer.id, action: "account.reactivated", at: at("2028-09-20", "09:00") });
    await verifyCredentials(db, { email, password: TEST_PASSWORD, clientKey: null });
    await sendEvents(collector, customer.id, [{ deviceId: "kiosk-d", kind: "ENDPOINT", at: at("2028-09-22", "11:00") }], at("2028-09-22", "23:00"));
    const after = await getPackageUsage(db, { actor: t.msspAdmin.actor, accountId: customer.id, month: "2028-09", now: at("2028-09-25", "12:00") });
    expect(after.packages.map((p) => [p.sku, p.standaloneEndpoints])).toEqual([["DX-CORE", 3]]);
  });
});
