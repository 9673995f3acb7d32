import "server-only";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";

/** A membership of `accountId`, found only inside the caller's reach. */
export async function getMembershipInReach(
  db: DbTx,
  actor: Actor,
  accountId: string,
  membershipId: string,
) {
  if (!isUuid(membershipId) || !isUuid(accountId)) throw notFound("Membership");
  const membership = await db.membership.findFirst({
    where: { id: membershipId, accountId, ...reachableTenantWhere(actor.grants) },
    include: { user: { select: { email: true } } },
  });
  if (!membership) throw notFound("Membership");
  return membership;
}
