import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createEndUser } from "@/server/end-users/create-end-user";
import { addGroupMembers } from "@/server/end-users/add-group-members";
import { createGroup } from "@/server/end-users/create-group";
import { deleteGroup } from "@/server/end-users/delete-group";
import { removeGroupMember } from "@/server/end-users/remove-group-member";
import { attachSubscriptionToGroup } from "@/server/end-users/attach-subscription-to-group";
import { detachSubscriptionFromGroup } from "@/server/end-users/detach-subscription-from-group";
import { addSubscriptions } from "@/server/subscriptions/add-subscriptions";
import { makeAccount, makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { dxPackages } from "../../support/subscription-fixtures";

async function setup() {
  const t = await makeTenant("groups");
  const customer = await makeAccount({ kind: "CUSTOMER", parent: t.mssp });
  const admin = t.msspAdmin.actor;
  await addSubscriptions(db, {
    actor: admin,
    accountId: customer.id,
    input: { service: "defensx-web-security", packageSkus: ["DX-CORE", "DX-CORE-PLUS"], quantity: 25, subscriptionReference: "SO-GRP-1" },
  });
  const { core, corePlus } = await dxPackages();
  const user = (externalId: string) =>
    createEndUser(db, { actor: admin, accountId: customer.id, input: { name: externalId, externalId, email: `${externalId}@example.test` } });
  const group = (name: string) => createGroup(db, { actor: admin, accountId: customer.id, input: { name, description: "" } });
  /** Open assignments per user external id, as sorted SKU lists. */
  const assigned = async () => {
    const rows = await db.packageAssignment.findMany({
      where: { accountId: customer.id, unassignedAt: null },
      include: { endUser: true, package: true },
    });
    const map: Record<string, string[]> = {};
    for (const row of rows) (map[row.endUser.externalId] ??= []).push(row.package.sku);
    for (const key of Object.keys(map)) map[key]!.sort();
    return map;
  };
  return { t, customer, admin, core, corePlus, user, group, assigned };
}

describe("attaching subscriptions to user groups", () => {
  it("assigns every member, then a user who joins later; leaving unassigns", async () => {
    const s = await setup();
    const sales = await s.group("Sales");
    const ana = await s.user("ana");
    const ben = await s.user("ben");
    await addGroupMembers(db, { actor: s.admin, accountId: s.customer.id, groupId: sales.id, endUserIds: [ana.id] });
    expect(await s.assigned()).toEqual({});

    const attached = await attachSubscriptionToGroup(db, { actor: s.admin, accountId: s.customer.id, packageId: s.corePlus.id, groupId: sales.id });
    expect(attached.assigned).toBe(1);
    expect(await s.assigned()).toEqual({ ana: ["DX-CORE-PLUS"] });

    // Joins later: assigned automatically.
    const joined = await addGroupMembers(db, { actor: s.admin, accountId: s.customer.id, groupId: sales.id, endUserIds: [ben.id] });
    expect(joined).toEqual({ added: 1, assigned: 1 });
    expect(await s.assigned()).toEqual({ ana: ["DX-CORE-PLUS"], ben: ["DX-CORE-PLUS"] });

    // Leaves: unassigned, and the ended assignment is kept as history.
    const left = await removeGroupMember(db, { actor: s.admin, accountId: s.customer.id, groupId: sales.id, endUserId: ben.id });
    expect(left.unassigned).toBe(1);
    expect(await s.assigned()).toEqual({ ana: ["DX-CORE-PLUS"] });
    const history = await db.packageAssignment.findMany({ where: { endUserId: ben.id } });
    expect(history).toHaveLength(1);
    expect(history[0]!.unassignedAt).not.toBeNull();

    // Joining again opens a new assignment; adding a member twice changes nothing.
    await addGroupMembers(db, { actor: s.admin, accountId: s.customer.id, groupId: sales.id, endUserIds: [ben.id] });
    expect(await addGroupMembers(db, { actor: s.admin, accountId: s.customer.id, groupId: sales.id, endUserIds: [ben.id] })).toEqual({ added: 0, assigned: 0 });
    expect(await db.packageAssignment.count({ where: { endUserId: ben.id } })).toBe(2);

    const actions = await db.auditEvent.findMany({ where: { accountId: s.customer.id, action: { startsWith: "user_group." } }, select: { action: true } });
    expect(actions.map((row) => row.action)).toEqual(
      expect.arrayContaining(["user_group.created", "user_group.members_added", "user_group.member_removed"]),
    );
  });

  it("two groups giving the same package: leaving one keeps it; two packages: the user shows both", async () => {
    const s = await setup();
    const sales = await s.group("Sales");
    const everyone = await s.group("Everyone");
    const support = await s.group("Support");
    await attachSubscriptionToGroup(db, { actor: s.admin, accountId: s.customer.id, packageId: s.corePlus.id, groupId: sales.id });
    await attachSubscriptionToGroup(db, { actor: s.admin, accountId: s.customer.id, packageId: s.corePlus.id, groupId: support.id });
    await attachSubscriptionToGroup(db, { actor: s.admin, accountId: s.customer.id, packageId: s.core.id, groupId: everyone.id });
    const cleo = await s.user("cleo");
    await addGroupMembers(db, { actor: s.admin, accountId: s.customer.id, groupId: sales.id, endUserIds: [cleo.id] });
    await addGroupMembers(db, { actor: s.admin, accountId: s.customer.id, groupId: support.id, endUserIds: [cleo.id] });
    await addGroupMembers(db, { actor: s.admin, accountId: s.customer.id, groupId: everyone.id, endUserIds: [cleo.id] });
    expect(await s.assigned()).toEqual({ cleo: ["DX-CORE", "DX-CORE-PLUS"] });

    // Still covered by Support: leaving Sales keeps Core+ (same open assignment, no new row).
    await removeGroupMember(db, { actor: s.admin, accountId: s.customer.id, groupId: sales.id, endUserId: cleo.id });
    expect(await s.assigned()).toEqual({ cleo: ["DX-CORE", "DX-CORE-PLUS"] });
    expect(await db.packageAssignment.count({ where: { endUserId: cleo.id } })).toBe(2);

    // Detaching Core+ from Support, the last group giving it, unassigns it.
    await detachSubscriptionFromGroup(db, { actor: s.admin, accountId: s.customer.id, packageId: s.corePlus.id, groupId: support.id });
    expect(await s.assigned()).toEqual({ cleo: ["DX-CORE"] });

    // Deleting Everyone unassigns Core.
    await deleteGroup(db, { actor: s.admin, accountId: s.customer.id, groupId: everyone.id });
    expect(await s.assigned()).toEqual({});
  });

  it("refuses a package the customer does not hold, a duplicate attachment, a duplicate group name and foreign end users", async () => {
    const s = await setup();
    const sales = await s.group("Sales");
    const qsm = await db.package.findUniqueOrThrow({ where: { sku: "QSM-MGMT-STD" } });
    await expectAppError(
      attachSubscriptionToGroup(db, { actor: s.admin, accountId: s.customer.id, packageId: qsm.id, groupId: sales.id }),
      "NOT_FOUND",
    );
    await attachSubscriptionToGroup(db, { actor: s.admin, accountId: s.customer.id, packageId: s.core.id, groupId: sales.id });
    await expectAppError(
      attachSubscriptionToGroup(db, { actor: s.admin, accountId: s.customer.id, packageId: s.core.id, groupId: sales.id }),
      "CONFLICT",
    );
    await expectAppError(s.group("Sales"), "CONFLICT");
    const elsewhere = await makeAccount({ kind: "CUSTOMER", parent: s.t.mssp });
    const stranger = await createEndUser(db, { actor: s.admin, accountId: elsewhere.id, input: { name: "x", externalId: "x" } });
    await expectAppError(
      addGroupMembers(db, { actor: s.admin, accountId: s.customer.id, groupId: sales.id, endUserIds: [stranger.id] }),
      "INVALID",
    );
    // Add Subscriptions refuses a package already held.
    await expectAppError(
      addSubscriptions(db, {
        actor: s.admin,
        accountId: s.customer.id,
        input: { service: "defensx-web-security", packageSkus: ["DX-CORE"], quantity: 5, subscriptionReference: "SO-2" },
      }),
      "CONFLICT",
    );
    expect(await db.contract.count({ where: { accountId: s.customer.id } })).toBe(2);
  });
});
