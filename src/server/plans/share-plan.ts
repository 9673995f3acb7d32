import "server-only";
import type { Plan } from "@/generated/prisma/client";
import { invalid, notFound, ruleViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getPlanInReach, hasActivePaygContract } from "./get-plan-in-reach";

/** Shares the plan with one direct child account of its owner (or stops sharing with null). */
export async function sharePlan(db: Db, options: { actor: Actor; planId: string; childAccountId: string | null }): Promise<Plan> {
  const { actor, childAccountId } = options;
  return db.$transaction(async (tx) => {
    const plan = await getPlanInReach(tx, actor, options.planId, { lock: true });
    assertCan(actor, "account:manage", plan.account);
    let child: { id: string; name: string; billingTimezone: string } | null = null;
    if (childAccountId) {
      if (!isUuid(childAccountId)) throw notFound("Account");
      child = await tx.account.findFirst({
        where: { AND: [{ id: childAccountId, parentId: plan.accountId }, reachableAccountWhere(actor.grants)] },
        select: { id: true, name: true, billingTimezone: true },
      });
      if (!child) throw invalid("Share the plan with a child account of its owner.", { childAccountId: ["Choose a child account."] });
    }
    if ((plan.sharedWithAccountId ?? null) === (child?.id ?? null)) return plan;
    // A PAYG plan's contract holder changes with its sharing (docs/gateways-and-plans.md#payg-prerequisites): the new holder needs an active PAYG contract too.
    if (plan.licenceType === "PAYG" && !(await hasActivePaygContract(tx, child ?? plan.account, plan.serviceId))) {
      throw ruleViolation(
        "NO_ACTIVE_PAYG_CONTRACT",
        child
          ? "This plan is on Pay-As-You-Go: the child account it is shared with needs an active Pay-As-You-Go contract for this service."
          : "This plan is on Pay-As-You-Go: its owner needs an active Pay-As-You-Go contract for this service to stop sharing it.",
      );
    }
    const updated = await tx.plan.update({ where: { id: plan.id }, data: { sharedWithAccountId: child?.id ?? null } });
    await recordAuditEvent(tx, actor, {
      accountId: plan.accountId,
      action: child ? "plan.shared" : "plan.unshared",
      objectType: "plan",
      objectId: plan.id,
      before: { sharedWith: plan.sharedWith?.name ?? null },
      after: { sharedWith: child?.name ?? null },
    });
    return updated;
  });
}
