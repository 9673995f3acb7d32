import "server-only";
import type { Plan } from "@/generated/prisma/client";
import { isUniqueViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getPlanInReach } from "./get-plan-in-reach";
import { planNameTaken } from "./plan-name-taken";

export async function renamePlan(db: Db, options: { actor: Actor; planId: string; name: string }): Promise<Plan> {
  const { actor } = options;
  try {
    return await db.$transaction(async (tx) => {
      const plan = await getPlanInReach(tx, actor, options.planId, { lock: true });
      assertCan(actor, "account:manage", plan.account);
      if (plan.name === options.name) return plan;
      const updated = await tx.plan.update({ where: { id: plan.id }, data: { name: options.name } });
      await recordAuditEvent(tx, actor, {
        accountId: plan.accountId,
        action: "plan.renamed",
        objectType: "plan",
        objectId: plan.id,
        before: { name: plan.name },
        after: { name: updated.name },
      });
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw planNameTaken();
    throw error;
  }
}
