import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { updateAccount } from "@/server/accounts/update-account";
import { loadActor } from "@/server/auth/load-actor";
import { verifyCredentials } from "@/server/auth/verify-credentials";
import { isoDateToDb } from "@/lib/dates";
import { makeAccount, makeActor, makeTenant, TEST_PASSWORD } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

const settings = { name: "Renamed Customer", billingTimezone: "Europe/Madrid", retentionDays: 120, userCenterId: undefined, trialEndsOn: undefined };

describe("editing an account", () => {
  it("an admin above edits it and the change is audited with before and after", async () => {
    const t = await makeTenant();
    const updated = await updateAccount(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: settings });
    expect(updated).toMatchObject({ name: "Renamed Customer", billingTimezone: "Europe/Madrid", retentionDays: 120 });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.customer.id, action: "account.updated" } });
    expect(audit.before).toMatchObject({ name: t.customer.name, billingTimezone: "UTC", retentionDays: 90 });
    expect(audit.after).toMatchObject({ name: "Renamed Customer", retentionDays: 120 });
  });

  it("a customer admin edits its own account", async () => {
    const t = await makeTenant();
    const updated = await updateAccount(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, input: settings });
    expect(updated.name).toBe("Renamed Customer");
  });

  it("a viewer cannot edit; nothing is written", async () => {
    const t = await makeTenant();
    await expectAppError(updateAccount(db, { actor: t.msspViewer.actor, accountId: t.customer.id, input: settings }), "FORBIDDEN");
    expect((await db.account.findUniqueOrThrow({ where: { id: t.customer.id } })).name).toBe(t.customer.name);
  });

  it("saving unchanged settings writes no audit entry", async () => {
    const t = await makeTenant();
    const same = { name: t.customer.name, billingTimezone: "UTC", retentionDays: 90, userCenterId: undefined, trialEndsOn: undefined };
    await updateAccount(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: same });
    expect(await db.auditEvent.count({ where: { accountId: t.customer.id, action: "account.updated" } })).toBe(0);
  });
});

describe("inactivating, reactivating and ending trials", () => {
  it("inactivating a customer stops its users signing in and ends their sessions; reactivating restores both", async () => {
    const t = await makeTenant();
    const clientKey = `test-${t.customer.id}`;
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "inactivate", reason: "Contract ended" });

    await expectAppError(
      verifyCredentials(db, { email: t.customerAdmin.email, password: TEST_PASSWORD, clientKey }),
      "FORBIDDEN",
      "ACCOUNT_INACTIVE",
    );
    expect(await loadActor(db, t.customerAdmin.user.id)).toBeNull();

    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "reactivate" });
    await expect(verifyCredentials(db, { email: t.customerAdmin.email, password: TEST_PASSWORD, clientKey })).resolves.toEqual({
      userId: t.customerAdmin.user.id,
    });
    const actions = await db.auditEvent.findMany({ where: { accountId: t.customer.id }, orderBy: { id: "asc" }, select: { action: true, after: true } });
    expect(actions.map((a) => a.action)).toEqual(["account.inactivated", "account.reactivated"]);
    expect(actions[0]!.after).toMatchObject({ status: "INACTIVE", reason: "Contract ended" });
  });

  it("an MSSP admin still reaches (and can reactivate) an inactive customer", async () => {
    const t = await makeTenant();
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "inactivate" });
    const account = await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "reactivate" });
    expect(account.status).toBe("ACTIVE");
  });

  it("a trial account can be switched to active, which clears its end date", async () => {
    const t = await makeTenant();
    const trial = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, status: "IN_TRIAL", trialEndsOn: isoDateToDb("2099-01-31") });
    const account = await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: trial.id, change: "activate-trial" });
    expect(account).toMatchObject({ status: "ACTIVE", trialEndsOn: null });
  });

  it("refuses transitions that do not apply, naming why", async () => {
    const t = await makeTenant();
    await expectAppError(
      changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "activate-trial" }),
      "CONFLICT",
      "STATUS_CHANGE_NOT_ALLOWED",
    );
    await expectAppError(
      changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "reactivate" }),
      "CONFLICT",
      "STATUS_CHANGE_NOT_ALLOWED",
    );
  });

  it("nobody changes the status of the account their own membership sits on", async () => {
    const t = await makeTenant();
    await expectAppError(
      changeAccountStatus(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, change: "inactivate" }),
      "FORBIDDEN",
      "STATUS_MANAGED_ABOVE",
    );
    await expectAppError(
      changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, change: "inactivate" }),
      "FORBIDDEN",
      "STATUS_MANAGED_ABOVE",
    );
  });

  it("a viewer of the MSSP cannot inactivate a customer", async () => {
    const t = await makeTenant();
    await expectAppError(
      changeAccountStatus(db, { actor: t.msspViewer.actor, accountId: t.customer.id, change: "inactivate" }),
      "FORBIDDEN",
      "ROLE_NOT_ALLOWED",
    );
  });

  it("a user with memberships on an active and an inactive account keeps the active one", async () => {
    const t = await makeTenant();
    const second = await makeActor(t.grandCustomer, "ADMIN");
    await db.membership.create({ data: { accountId: t.customer.id, userId: second.user.id, role: "VIEWER" } });
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "inactivate" });
    const actor = await loadActor(db, second.user.id);
    expect(actor?.grants.map((g) => g.accountId)).toEqual([t.grandCustomer.id]);
  });
});
