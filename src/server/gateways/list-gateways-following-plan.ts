import "server-only";
import type { DbTx } from "@/server/db";

/** The plan's gateways that take its licence type (locked to the plan), for the licence page. */
export async function listGatewaysFollowingPlan(db: DbTx, options: { planId: string }) {
  return db.gateway.findMany({
    where: { planId: options.planId, lockedToPlan: true },
    select: { id: true, name: true, firmwareVersion: true, accountId: true },
    orderBy: { name: "asc" },
  });
}
