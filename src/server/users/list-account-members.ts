import "server-only";
import type { Prisma, Role } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { field, keysetPage, relationField, type KeyPart } from "@/server/db/keyset";

export interface MemberRow {
  membershipId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  lastSignInAt: Date | null;
  addedAt: Date;
}

const memberInclude = { user: { select: { id: true, email: true, name: true, lastSignInAt: true } } } satisfies Prisma.MembershipInclude;
type Loaded = Prisma.MembershipGetPayload<{ include: typeof memberInclude }>;
type Part = KeyPart<Loaded, Prisma.MembershipWhereInput, Prisma.MembershipOrderByWithRelationInput>;

/** By name; the membership's id keeps ties in one order (docs/lists.md#order). */
const MEMBER_ORDER: Part[] = [
  relationField("user", "name", "asc", (m) => m.user.name),
  field("id", "uuid", "asc", (m) => m.id),
];

/**
 * A page of the people with a membership on this account (not those inherited from above),
 * paged like every list (docs/lists.md): a large MSSP's 200 members, each row with its role
 * form and menu, made a 939 KB page.
 */
export async function listAccountMembers(
  db: DbTx,
  options: { actor: Actor; accountId: string; page?: PageRequest; pageSize?: number },
): Promise<Page<MemberRow>> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "users:read", account);
  const page = await keysetPage({
    sort: "name.asc",
    parts: MEMBER_ORDER,
    where: { accountId: account.id },
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize ?? 50,
    findMany: (args) => db.membership.findMany({ ...args, include: memberInclude }),
    count: (args) => db.membership.count({ ...args, orderBy: { accountId: "asc" } }),
  });
  return {
    ...page,
    rows: page.rows.map((membership) => ({
      membershipId: membership.id,
      userId: membership.user.id,
      email: membership.user.email,
      name: membership.user.name,
      role: membership.role,
      lastSignInAt: membership.user.lastSignInAt,
      addedAt: membership.createdAt,
    })),
  };
}
