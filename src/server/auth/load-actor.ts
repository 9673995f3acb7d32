import type { DbTx } from "@/server/db";
import type { Actor } from "./reach";

/**
 * Loads a user and the memberships they may use right now. Memberships of
 * inactive accounts are dropped, so a session whose account was inactivated
 * stops working on its next request. Returns null when nothing usable is left.
 */
export async function loadActor(db: DbTx, userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      memberships: {
        where: { account: { status: { not: "INACTIVE" } } },
        select: { role: true, account: { select: { id: true, path: true } } },
      },
    },
  });
  if (!user || user.memberships.length === 0) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    grants: user.memberships.map((membership) => ({
      accountId: membership.account.id,
      accountPath: membership.account.path,
      role: membership.role,
    })),
  };
}
