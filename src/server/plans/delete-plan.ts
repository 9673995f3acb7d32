import "server-only";
import { ruleViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getPlanInReach } from "./get-plan-in-reach";

export async function deletePlan(db: Db, options: { actor: Actor; planId: string }): Promise<void> {
  const { actor } = options;
  await db.$transaction(async (tx) => {
    const plan = await getPlanInReach(tx, actor, options.planId, { lock: true });
    assertCan(actor, "account:manage", plan.account);
    const gateways = await tx.gateway.count({ where: { planId: plan.id } });
    if (gateways > 0) {
      throw ruleViolation("PLAN_NOT_EMPTY", `The plan still has ${gateways} gateway(s); move or remove them first.`);
    }
    await tx.plan.delete({ where: { id: plan.id } });
    await recordAuditEvent(tx, actor, {
      accountId: plan.accountId,
      action: "plan.deleted",
      objectType: "plan",
      objectId: plan.id,
      before: { name: plan.name },
    });
  });
}
