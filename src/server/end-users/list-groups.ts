import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, relationField, type KeyPart } from "@/server/db/keyset";
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

type LoadedMember = Prisma.UserGroupMemberGetPayload<{ include: typeof memberInclude }>;
type MemberPart = KeyPart<LoadedMember, Prisma.UserGroupMemberWhereInput, Prisma.UserGroupMemberOrderByWithRelationInput>;

const memberInclude = {
  endUser: {
    select: {
      id: true,
      name: true,
      externalId: true,
      email: true,
      assignments: { where: { unassignedAt: null }, select: { package: { select: { name: true } } } },
    },
  },
} satisfies Prisma.UserGroupMemberInclude;

/** Members by name, then external id; the end user's id keeps ties in one order (docs/lists.md#order). */
const MEMBER_ORDER: MemberPart[] = [
  relationField("endUser", "name", "asc", (m) => m.endUser.name),
  relationField("endUser", "externalId", "asc", (m) => m.endUser.externalId),
  field("endUserId", "uuid", "asc", (m) => m.endUserId),
];

export interface GroupMemberRow {
  id: string;
  name: string;
  externalId: string;
  email: string | null;
  subscriptions: string[];
}

/**
 * One group with a page of its members (and what each is assigned now) and its attached
 * subscriptions. Members are paged like every list (docs/lists.md): a group of the whole
 * customer holds thousands.
 */
export async function getGroup(
  db: DbTx,
  options: { actor: Actor; accountId: string; groupId: string; page?: PageRequest; pageSize?: number },
) {
  const { account, role } = await customerInReach(db, options.actor, options.accountId, { permission: "account:read" });
  const group = await groupOf(db, account.id, options.groupId);
  const where: Prisma.UserGroupMemberWhereInput = { groupId: group.id };
  const [page, subscriptions] = await Promise.all([
    keysetPage({
      sort: "name.asc",
      parts: MEMBER_ORDER,
      where,
      page: options.page ?? FIRST_PAGE,
      pageSize: options.pageSize ?? 50,
      findMany: (args) => db.userGroupMember.findMany({ ...args, include: memberInclude }),
      count: (args) => db.userGroupMember.count({ ...args, orderBy: { groupId: "asc" } }),
    }),
    db.groupSubscription.findMany({ where: { groupId: group.id }, include: { package: { select: { name: true, sku: true } } } }),
  ]);
  const members: GroupMemberRow[] = page.rows.map((m) => ({
    id: m.endUser.id,
    name: m.endUser.name,
    externalId: m.endUser.externalId,
    email: m.endUser.email,
    subscriptions: m.endUser.assignments.map((a) => a.package.name).sort(),
  }));
  return {
    account,
    role,
    group,
    members: { ...page, rows: members },
    subscriptions: subscriptions.map((s) => ({ packageId: s.packageId, name: s.package.name, sku: s.package.sku })),
  };
}
