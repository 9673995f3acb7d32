import "server-only";
import type { DbTx } from "@/server/db";

/** The gateways on a plan, with their owner's name; the caller has loaded the plan in reach. */
export async function listPlanGateways(db: DbTx, options: { planId: string }) {
  return db.gateway.findMany({ where: { planId: options.planId }, include: { account: { select: { name: true } } }, orderBy: { name: "asc" } });
}
