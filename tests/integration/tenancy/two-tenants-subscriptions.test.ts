import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The Usage/Report export is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { db } from "@/server/db";
import { GET as packageExport } from "@/app/(portal)/a/[accountId]/subscriptions/report/export/route";
import { createEndUser } from "@/server/end-users/create-end-user";
import { updateEndUser } from "@/server/end-users/update-end-user";
import { addGroupMembers } from "@/server/end-users/add-group-members";
import { createGroup } from "@/server/end-users/create-group";
import { deleteGroup } from "@/server/end-users/delete-group";
import { removeGroupMember } from "@/server/end-users/remove-group-member";
import { updateGroup } from "@/server/end-users/update-group";
import { getEndUser, listEndUsers } from "@/server/end-users/list-end-users";
import { getGroup, listGroups } from "@/server/end-users/list-groups";
import { commitEndUserImport, getEndUserImport, previewEndUserImport } from "@/server/end-users/end-user-import";
import { addSubscriptions } from "@/server/subscriptions/add-subscriptions";
import { attachSubscriptionToGroup } from "@/server/end-users/attach-subscription-to-group";
import { detachSubscriptionFromGroup } from "@/server/end-users/detach-subscription-from-group";
import { listSubscriptions } from "@/server/subscriptions/list-subscriptions";
import { getPackageUsage, listPackageSeats, openPackageSeats } from "@/server/usage";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { dxPackages } from "../../support/subscription-fixtures";

/**
 * End users, groups and subscriptions across tenants: every read and write of
 * tenant B's customer by tenant A's admins answers NOT_FOUND (as a missing
 * id), and ids from B never land in A's groups. Roles below ADMIN cannot change anything.
 */
async function setup() {
  const a = await makeTenant("subs-a");
  const b = await makeTenant("subs-b");
  const bAdmin = b.msspAdmin.actor;
  await addSubscriptions(db, {
    actor: bAdmin,
    accountId: b.customer.id,
    input: { service: "defensx-web-security", packageSkus: ["DX-CORE", "DX-CORE-PLUS"], quantity: 10, subscriptionReference: "SO-B" },
  });
  const bGroup = await createGroup(db, { actor: bAdmin, accountId: b.customer.id, input: { name: "B team", description: "" } });
  const bUser = await createEndUser(db, { actor: bAdmin, accountId: b.customer.id, input: { name: "Bea", externalId: "bea" } });
  await addGroupMembers(db, { actor: bAdmin, accountId: b.customer.id, groupId: bGroup.id, endUserIds: [bUser.id] });
  const aGroup = await createGroup(db, { actor: a.msspAdmin.actor, accountId: a.customer.id, input: { name: "A team", description: "" } });
  return { a, b, bGroup, bUser, aGroup, packages: await dxPackages() };
}

const csv = new TextEncoder().encode("Name,Email,External id,Groups\nZed,zed@example.test,zed,\n");

describe("two tenants: end users, groups and subscriptions", () => {
  it("tenant A's admins reach nothing of tenant B's customer", async () => {
    const { a, b, bGroup, bUser, packages } = await setup();
    for (const actor of [a.msspAdmin.actor, a.distributorAdmin.actor, a.customerAdmin.actor] as Actor[]) {
      const accountId = b.customer.id;
      await expectAppError(listEndUsers(db, { actor, accountId, pageSize: 20 }), "NOT_FOUND");
      await expectAppError(getEndUser(db, { actor, accountId, endUserId: bUser.id }), "NOT_FOUND");
      await expectAppError(createEndUser(db, { actor, accountId, input: { name: "x", externalId: "x" } }), "NOT_FOUND");
      await expectAppError(updateEndUser(db, { actor, accountId, endUserId: bUser.id, input: { name: "x", externalId: "x" } }), "NOT_FOUND");
      await expectAppError(listGroups(db, { actor, accountId }), "NOT_FOUND");
      await expectAppError(getGroup(db, { actor, accountId, groupId: bGroup.id }), "NOT_FOUND");
      await expectAppError(createGroup(db, { actor, accountId, input: { name: "x", description: "" } }), "NOT_FOUND");
      await expectAppError(updateGroup(db, { actor, accountId, groupId: bGroup.id, input: { name: "x", description: "" } }), "NOT_FOUND");
      await expectAppError(deleteGroup(db, { actor, accountId, groupId: bGroup.id }), "NOT_FOUND");
      await expectAppError(addGroupMembers(db, { actor, accountId, groupId: bGroup.id, endUserIds: [bUser.id] }), "NOT_FOUND");
      await expectAppError(removeGroupMember(db, { actor, accountId, groupId: bGroup.id, endUserId: bUser.id }), "NOT_FOUND");
      await expectAppError(attachSubscriptionToGroup(db, { actor, accountId, packageId: packages.core.id, groupId: bGroup.id }), "NOT_FOUND");
      await expectAppError(detachSubscriptionFromGroup(db, { actor, accountId, packageId: packages.core.id, groupId: bGroup.id }), "NOT_FOUND");
      await expectAppError(listSubscriptions(db, { actor, accountId }), "NOT_FOUND");
      await expectAppError(getPackageUsage(db, { actor, accountId }), "NOT_FOUND");
      await expectAppError(listPackageSeats(db, { actor, accountId, pageSize: 20 }), "NOT_FOUND");
      await expectAppError(openPackageSeats(db, { actor, accountId }), "NOT_FOUND");
      signedIn = actor;
      for (const query of ["format=xlsx", "format=csv", "format=csv&detail=1", `format=csv&detail=1&package=${packages.core.id}`]) {
        const response = await packageExport(new Request(`http://portal.test/a/${accountId}/subscriptions/report/export?${query}`), {
          params: Promise.resolve({ accountId }),
        });
        expect(response.status, `${query} of B's customer`).toBe(404);
      }
      signedIn = null;
      await expectAppError(
        addSubscriptions(db, { actor, accountId, input: { service: "defensx-web-security", packageSkus: ["DX-CORE"], quantity: 1, subscriptionReference: "x" } }),
        "NOT_FOUND",
      );
      await expectAppError(previewEndUserImport(db, { actor, accountId, filename: "u.csv", bytes: csv }), "NOT_FOUND");
    }
    // B's import preview is invisible and uncommittable from A.
    const preview = await previewEndUserImport(db, { actor: b.msspAdmin.actor, accountId: b.customer.id, filename: "u.csv", bytes: csv });
    await expectAppError(getEndUserImport(db, { actor: a.msspAdmin.actor, accountId: b.customer.id, importId: preview.id }), "NOT_FOUND");
    await expectAppError(getEndUserImport(db, { actor: a.msspAdmin.actor, accountId: a.customer.id, importId: preview.id }), "NOT_FOUND");
    await expectAppError(commitEndUserImport(db, { actor: a.msspAdmin.actor, accountId: a.customer.id, importId: preview.id }), "NOT_FOUND");
    // Nothing of B changed.
    expect(await db.endUser.count({ where: { accountId: b.customer.id } })).toBe(1);
    expect(await db.userGroup.findUniqueOrThrow({ where: { id: bGroup.id } })).toMatchObject({ name: "B team" });
    expect(await db.packageAssignment.count({ where: { accountId: b.customer.id } })).toBe(0);
  });

  it("tenant B's admin reads B's detail: the member of the group is a silent line, and nothing of A", async () => {
    const { b, bUser } = await setup();
    const actor = b.msspAdmin.actor;
    const detail = await listPackageSeats(db, { actor, accountId: b.customer.id, pageSize: 20 });
    expect(detail.source).toBe("live");
    expect(detail.page.rows.map((row) => [row.sku, row.seatId, row.billed])).toEqual([["DX-CORE", bUser.id, false]]);
    signedIn = actor;
    const response = await packageExport(new Request(`http://portal.test/a/${b.customer.id}/subscriptions/report/export?format=csv&detail=1`), {
      params: Promise.resolve({ accountId: b.customer.id }),
    });
    signedIn = null;
    expect(response.status).toBe(200);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",End user,Bea,,bea,0,,,Silent — not billed,");
  });

  it("ids of tenant B never land in tenant A's groups or subscriptions", async () => {
    const { a, bGroup, bUser, aGroup, packages } = await setup();
    const actor = a.msspAdmin.actor;
    // B's user into A's group: refused as an unknown end user.
    await expectAppError(addGroupMembers(db, { actor, accountId: a.customer.id, groupId: aGroup.id, endUserIds: [bUser.id] }), "INVALID");
    // B's group addressed through A's customer: not found.
    await expectAppError(addGroupMembers(db, { actor, accountId: a.customer.id, groupId: bGroup.id, endUserIds: [bUser.id] }), "NOT_FOUND");
    // A's customer holds no DefensX package: attaching one is "not found".
    await expectAppError(attachSubscriptionToGroup(db, { actor, accountId: a.customer.id, packageId: packages.core.id, groupId: aGroup.id }), "NOT_FOUND");
    expect(await db.userGroupMember.count({ where: { groupId: aGroup.id } })).toBe(0);
  });

  it("viewers and billing users read but never change; customer admins manage their own tenancy but not subscriptions", async () => {
    const { a, aGroup } = await setup();
    const accountId = a.customer.id;
    for (const actor of [a.msspViewer.actor, a.msspBilling.actor]) {
      await expectAppError(createEndUser(db, { actor, accountId, input: { name: "x", externalId: "x" } }), "FORBIDDEN");
      await expectAppError(createGroup(db, { actor, accountId, input: { name: "x", description: "" } }), "FORBIDDEN");
      await expectAppError(deleteGroup(db, { actor, accountId, groupId: aGroup.id }), "FORBIDDEN");
    }
    expect((await getPackageUsage(db, { actor: a.msspBilling.actor, accountId })).packages).toEqual([]);
    const own = await createEndUser(db, { actor: a.customerAdmin.actor, accountId, input: { name: "Own", externalId: "own" } });
    expect(own.accountId).toBe(accountId);
    // Subscriptions are added from above (the partner's Customers list), like contracts.
    await expectAppError(
      addSubscriptions(db, { actor: a.customerAdmin.actor, accountId, input: { service: "defensx-web-security", packageSkus: ["DX-CORE"], quantity: 1, subscriptionReference: "x" } }),
      "FORBIDDEN",
    );
  });
});
