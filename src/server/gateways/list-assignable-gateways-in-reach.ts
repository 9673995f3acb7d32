import "server-only";
import type { DbTx } from "@/server/db";

/** Gateways of the plan owner's subtree that are not on the plan yet: what "Assign gateways" offers. */
export async function listAssignableGatewaysInReach(db: DbTx, options: { plan: { id: string; account: { path: string } } }) {
  const { plan } = options;
  return db.gateway.findMany({
    where: { account: { path: { startsWith: plan.account.path } }, NOT: { planId: plan.id } },
    include: { account: { select: { name: true } }, plan: { select: { name: true } } },
    orderBy: { name: "asc" },
    take: 500,
  });
}
