import "server-only";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { groupOf } from "./group-of";

export interface GroupRow {
  id: string;
  name: string;
  description: string;
  members: number;
  subscriptions: { packageId: string; name: string }[];
}

/** The user groups of a customer, with member counts and the subscriptions attached. */
export async function listGroups(db: DbTx, options: { actor: Actor; accountId: string }): Promise<GroupRow[]> {
  const { account } = await customerInReach(db, options.actor, options.accountId, { permission: "account:read" });
  const groups = await db.userGroup.findMany({
    where: { accountId: account.id },
    include: { _count: { select: { members: true } }, subscriptions: { include: { package: { select: { name: true } } } } },
    orderBy: { name: "asc" },
  });
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    description: group.description,
    members: group._count.members,
    subscriptions: group.subscriptions.map((s) => ({ packageId: s.packageId, name: s.package.name })).sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

/** One group with its members (and what each is assigned now) and attached subscriptions. */
export async function getGroup(db: DbTx, options: { actor: Actor; accountId: string; groupId: string }) {
  const { account, role } = await customerInReach(db, options.actor, options.accountId, { permission: "account:read" });
  const group = await groupOf(db, account.id, options.groupId);
  const [members, subscriptions] = await Promise.all([
    db.userGroupMember.findMany({
      where: { groupId: group.id },
      include: {
        endUser: {
          select: {
            id: true,
            name: true,
            externalId: true,
            email: true,
            assignments: { where: { unassignedAt: null }, select: { package: { select: { name: true } } } },
          },
        },
      },
      orderBy: { endUser: { name: "asc" } },
    }),
    db.groupSubscription.findMany({ where: { groupId: group.id }, include: { package: { select: { name: true, sku: true } } } }),
  ]);
  return {
    account,
    role,
    group,
    members: members.map((m) => ({
      id: m.endUser.id,
      name: m.endUser.name,
      externalId: m.endUser.externalId,
      email: m.endUser.email,
      subscriptions: m.endUser.assignments.map((a) => a.package.name).sort(),
    })),
    subscriptions: subscriptions.map((s) => ({ packageId: s.packageId, name: s.package.name, sku: s.package.sku })),
  };
}
