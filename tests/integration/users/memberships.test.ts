import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { addMember } from "@/server/users/add-member";
import { changeMemberRole } from "@/server/users/change-member-role";
import { listAccountMembers } from "@/server/users/list-account-members";
import { removeMember } from "@/server/users/remove-member";
import { changeOwnPassword } from "@/server/users/change-own-password";
import { verifyCredentials } from "@/server/auth/verify-credentials";
import { makeActor, makeTenant, makeUser, TEST_PASSWORD, unique } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

describe("adding users", () => {
  it("adds a new person with a temporary password that signs them in", async () => {
    const t = await makeTenant();
    const email = `${unique("new")}@example.test`;
    const result = await addMember(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: { email, name: "New Person", role: "VIEWER" } });
    expect(result.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    await expect(verifyCredentials(db, { email, password: result.temporaryPassword!, clientKey: unique("c") })).resolves.toBeTruthy();
    const members = (await listAccountMembers(db, { actor: t.customerAdmin.actor, accountId: t.customer.id })).rows;
    expect(members.find((m) => m.email === email)).toMatchObject({ name: "New Person", role: "VIEWER" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.customer.id, action: "membership.added" } });
    expect(audit.after).toMatchObject({ email, role: "VIEWER", newUser: true });
  });

  it("adds an existing portal user without touching their password", async () => {
    const t = await makeTenant();
    const result = await addMember(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, input: { email: t.msspViewer.email, role: "BILLING" } });
    expect(result.temporaryPassword).toBeUndefined();
    await expect(verifyCredentials(db, { email: t.msspViewer.email, password: TEST_PASSWORD, clientKey: unique("c") })).resolves.toBeTruthy();
  });

  it("refuses a second membership of the same person", async () => {
    const t = await makeTenant();
    await expectAppError(
      addMember(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, input: { email: t.customerAdmin.email, role: "VIEWER" } }),
      "CONFLICT",
      "ALREADY_MEMBER",
    );
  });

  it("viewers and billing users cannot add users", async () => {
    const t = await makeTenant();
    for (const who of [t.msspViewer, t.msspBilling]) {
      await expectAppError(
        addMember(db, { actor: who.actor, accountId: t.customer.id, input: { email: `${unique("x")}@example.test`, role: "ADMIN" } }),
        "FORBIDDEN",
      );
    }
  });

  it("billing users cannot list users", async () => {
    const t = await makeTenant();
    await expectAppError(listAccountMembers(db, { actor: t.msspBilling.actor, accountId: t.mssp.id }), "FORBIDDEN");
  });
});

describe("roles and removal keep an admin", () => {
  it("changes a role and audits it", async () => {
    const t = await makeTenant();
    const other = await makeActor(t.customer, "VIEWER");
    const updated = await changeMemberRole(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, membershipId: other.membership.id, role: "ADMIN" });
    expect(updated.role).toBe("ADMIN");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.customer.id, action: "membership.role_changed" } });
    expect(audit.before).toMatchObject({ role: "VIEWER" });
    expect(audit.after).toMatchObject({ role: "ADMIN" });
  });

  it("never demotes or removes the last admin", async () => {
    const t = await makeTenant();
    const { membership } = t.customerAdmin;
    await expectAppError(
      changeMemberRole(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, membershipId: membership.id, role: "VIEWER" }),
      "CONFLICT",
      "LAST_ADMIN",
    );
    await expectAppError(
      removeMember(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, membershipId: membership.id }),
      "CONFLICT",
      "LAST_ADMIN",
    );
    expect(await db.membership.count({ where: { id: membership.id, role: "ADMIN" } })).toBe(1);
  });

  it("two admins demoting each other at the same moment leave one admin", async () => {
    const t = await makeTenant();
    const second = await makeActor(t.customer, "ADMIN");
    const results = await Promise.allSettled([
      changeMemberRole(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, membershipId: second.membership.id, role: "VIEWER" }),
      changeMemberRole(db, { actor: second.actor, accountId: t.customer.id, membershipId: t.customerAdmin.membership.id, role: "VIEWER" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { accountId: t.customer.id, role: "ADMIN" } })).toBe(1);
  });

  it("removes a membership; the user can no longer act there", async () => {
    const t = await makeTenant();
    const other = await makeActor(t.customer, "VIEWER");
    await removeMember(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, membershipId: other.membership.id });
    expect(await db.membership.count({ where: { id: other.membership.id } })).toBe(0);
    await expectAppError(
      removeMember(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, membershipId: other.membership.id }),
      "NOT_FOUND",
    );
  });

  it("a membership id of another account is not found through this account", async () => {
    const t = await makeTenant();
    await expectAppError(
      removeMember(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, membershipId: t.msspViewer.membership.id }),
      "NOT_FOUND",
    );
  });
});

describe("changing one's own password", () => {
  it("needs the current password and then signs in with the new one", async () => {
    const t = await makeTenant();
    const { actor, email } = t.customerAdmin;
    await expectAppError(
      changeOwnPassword(db, { actor, input: { currentPassword: "wrong-password", newPassword: "a-brand-new-pass", confirmPassword: "a-brand-new-pass" } }),
      "INVALID",
    );
    await changeOwnPassword(db, { actor, input: { currentPassword: TEST_PASSWORD, newPassword: "a-brand-new-pass", confirmPassword: "a-brand-new-pass" } });
    await expect(verifyCredentials(db, { email, password: "a-brand-new-pass", clientKey: unique("c") })).resolves.toBeTruthy();
  });
});

describe("listing members", () => {
  it("pages them by name, 50 a page, with every member once across the pages", async () => {
    const t = await makeTenant("members-paged");
    for (let i = 0; i < 52; i++) await makeUser({ account: t.customer, role: "VIEWER" });
    const first = await listAccountMembers(db, { actor: t.customerAdmin.actor, accountId: t.customer.id });
    expect(first.rows).toHaveLength(50);
    expect(first.total).toBe(53);
    expect(first.next).not.toBeNull();
    const second = await listAccountMembers(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, page: { kind: "after", cursor: first.next! } });
    expect(second.rows).toHaveLength(3);
    const all = [...first.rows, ...second.rows];
    expect(new Set(all.map((m) => m.membershipId)).size).toBe(53);
    const names = all.map((m) => m.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});
