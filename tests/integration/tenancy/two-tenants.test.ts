import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createAccount } from "@/server/accounts/create-account";
import { changeAccountStatus, type StatusChange } from "@/server/accounts/change-account-status";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { listChildAccounts } from "@/server/accounts/list-child-accounts";
import { listReachableAccounts } from "@/server/accounts/list-reachable-accounts";
import { updateAccount } from "@/server/accounts/update-account";
import { iterateAuditEvents, listAuditEvents } from "@/server/audit/list-audit-events";
import { getAccountDashboard } from "@/server/dashboard/get-account-dashboard";
import { addMember } from "@/server/users/add-member";
import { changeMemberRole } from "@/server/users/change-member-role";
import { listAccountMembers } from "@/server/users/list-account-members";
import { removeMember } from "@/server/users/remove-member";
import { makeTenant, unique } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

/**
 * Two MSSPs (each with children) under two distributors. Every read and write
 * of one tenant's admin against the other's accounts and memberships must
 * answer NOT_FOUND — exactly as for an id that does not exist — and write nothing.
 */
describe("two tenants", () => {
  it("an admin of one tenant can neither see nor touch anything of the other", async () => {
    const a = await makeTenant("a");
    const b = await makeTenant("b");
    const attacker = a.msspAdmin.actor;
    const auditBefore = await db.auditEvent.count({ where: { account: { path: { startsWith: b.distributor.path } } } });
    const targets = [b.distributor, b.mssp, b.customer, b.childMssp, b.grandCustomer];
    const missingId = "00000000-0000-4000-8000-000000000000";

    for (const target of [...targets, { id: missingId }, { id: "not-a-uuid" }]) {
      const id = target.id;
      // Thunks: each attempt starts only when checked, so no rejection goes unobserved.
      const attempts: [string, () => Promise<unknown>][] = [
        ["getAccountInReach", () => getAccountInReach(db, attacker, id)],
        ["dashboard", () => getAccountDashboard(db, { actor: attacker, accountId: id })],
        ["listChildAccounts", () => listChildAccounts(db, { actor: attacker, accountId: id, filters: { sort: "name", dir: "asc", pageSize: 10 } })],
        ["createAccount", () => createAccount(db, { actor: attacker, parentId: id, input: { name: unique("x"), kind: "CUSTOMER", status: "ACTIVE", billingTimezone: "UTC", retentionDays: 90 } })],
        ["updateAccount", () => updateAccount(db, { actor: attacker, accountId: id, input: { name: "Hijacked", billingTimezone: "UTC", retentionDays: 1 } })],
        ...(["inactivate", "reactivate", "activate-trial"] as StatusChange[]).map(
          (change) => [`status:${change}`, () => changeAccountStatus(db, { actor: attacker, accountId: id, change })] as [string, () => Promise<unknown>],
        ),
        ["listMembers", () => listAccountMembers(db, { actor: attacker, accountId: id })],
        ["addMember", () => addMember(db, { actor: attacker, accountId: id, input: { email: `${unique("spy")}@example.test`, role: "ADMIN" } })],
        ["changeRole", () => changeMemberRole(db, { actor: attacker, accountId: id, membershipId: b.customerAdmin.membership.id, role: "VIEWER" })],
        ["removeMember", () => removeMember(db, { actor: attacker, accountId: id, membershipId: b.customerAdmin.membership.id })],
        ["listAudit", () => listAuditEvents(db, { actor: attacker, accountId: id, filters: { includeChildren: true }, pageSize: 10 })],
        ["exportAudit", async () => { for await (const _ of iterateAuditEvents(db, { actor: attacker, accountId: id, filters: { includeChildren: true } })) void _; }],
      ];
      for (const [name, attempt] of attempts) {
        const error = await expectAppError(attempt(), "NOT_FOUND").catch((failure: unknown) => {
          throw new Error(`${name} on ${id}: ${String(failure)}`);
        });
        expect(error.message, name).toMatch(/not found/);
      }
    }

    // Their own account's id with the other tenant's membership id: still not found.
    await expectAppError(removeMember(db, { actor: attacker, accountId: a.customer.id, membershipId: b.customerAdmin.membership.id }), "NOT_FOUND");
    await expectAppError(changeMemberRole(db, { actor: attacker, accountId: a.customer.id, membershipId: b.customerAdmin.membership.id, role: "VIEWER" }), "NOT_FOUND");

    // Nothing of B changed.
    const bAccounts = await db.account.findMany({ where: { path: { startsWith: b.distributor.path } } });
    expect(bAccounts).toHaveLength(5);
    expect(bAccounts.every((acc) => acc.status === "ACTIVE" && acc.name !== "Hijacked")).toBe(true);
    expect(await db.membership.count({ where: { accountId: b.customer.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { account: { path: { startsWith: b.distributor.path } } } })).toBe(auditBefore);

    // The switcher shows only A's accounts.
    const visible = (await listReachableAccounts(db, attacker)).map((e) => e.id);
    expect(visible.some((id) => targets.some((t) => t.id === id))).toBe(false);
  });

  it("a distributor reaches its own partners only", async () => {
    const a = await makeTenant("a");
    const b = await makeTenant("b");
    await expect(getAccountInReach(db, a.distributorAdmin.actor, a.grandCustomer.id)).resolves.toBeTruthy();
    await expectAppError(getAccountInReach(db, a.distributorAdmin.actor, b.mssp.id), "NOT_FOUND");
  });
});
