import "server-only";
import { invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getPlanInReach } from "./get-plan-in-reach";

/** Assigns gateways to a plan (moving them from any other plan). */
export async function assignGatewaysToPlan(db: Db, options: { actor: Actor; planId: string; gatewayIds: string[] }): Promise<number> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const plan = await getPlanInReach(tx, actor, options.planId, { lock: true });
    assertCan(actor, "account:manage", plan.account);
    const ids = options.gatewayIds.filter(isUuid);
    const gateways = await tx.gateway.findMany({
      where: { AND: [{ id: { in: ids } }, { account: { path: { startsWith: plan.account.path } } }, reachableTenantWhere(actor.grants)] },
      select: { id: true, name: true, accountId: true },
    });
    if (gateways.length !== options.gatewayIds.length) {
      throw invalid("Choose gateways of this plan's account or its child accounts.", { gatewayIds: ["Some gateways were not found."] });
    }
    await tx.gateway.updateMany({ where: { id: { in: gateways.map((g) => g.id) } }, data: { planId: plan.id } });
    for (const gateway of gateways) {
      await recordAuditEvent(tx, actor, {
        accountId: gateway.accountId,
        action: "gateway.moved",
        objectType: "gateway",
        objectId: gateway.id,
        after: { plan: plan.name },
      });
    }
    return gateways.length;
  });
}
