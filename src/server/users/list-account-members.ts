import "server-only";
import type { Role } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";

export interface MemberRow {
  membershipId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  lastSignInAt: Date | null;
  addedAt: Date;
}

/** The people with a membership on this account (not those inherited from above). */
export async function listAccountMembers(
  db: DbTx,
  options: { actor: Actor; accountId: string },
): Promise<MemberRow[]> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "users:read", account);
  const memberships = await db.membership.findMany({
    where: { accountId: account.id },
    include: { user: { select: { id: true, email: true, name: true, lastSignInAt: true } } },
    orderBy: [{ user: { name: "asc" } }, { id: "asc" }],
  });
  return memberships.map((membership) => ({
    membershipId: membership.id,
    userId: membership.user.id,
    email: membership.user.email,
    name: membership.user.name,
    role: membership.role,
    lastSignInAt: membership.user.lastSignInAt,
    addedAt: membership.createdAt,
  }));
}
