import "server-only";
import type { Plan } from "@/generated/prisma/client";
import { AppError, invalid, isUniqueViolation, notFound, ruleViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { getPlanInReach, hasActivePaygContract } from "./load-plan";

/** The service plans license: gateways managed in Quantum Spark Management. */
export const PLAN_SERVICE_CODE = "quantum-spark-management";

const nameTaken = () =>
  new AppError("CONFLICT", "Another plan of this account already has that name.", {
    reason: "PLAN_NAME_TAKEN",
    fieldErrors: { name: ["Another plan of this account already has that name."] },
  });

export async function createPlan(db: Db, options: { actor: Actor; accountId: string; name: string }): Promise<Plan> {
  const { actor } = options;
  try {
    return await db.$transaction(async (tx) => {
      const { account } = await getAccountInReach(tx, actor, options.accountId);
      assertCan(actor, "account:manage", account);
      if (account.kind !== "MSSP") throw ruleViolation("PLANS_ONLY_FOR_MSSP", "Plans belong to Partner – MSSP accounts.");
      const service = await tx.service.findUniqueOrThrow({ where: { code: PLAN_SERVICE_CODE } });
      const plan = await tx.plan.create({ data: { accountId: account.id, serviceId: service.id, name: options.name } });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "plan.created",
        objectType: "plan",
        objectId: plan.id,
        after: { name: plan.name, licenseType: plan.licenseType },
      });
      return plan;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

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
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

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
    // A PAYG plan's contract holder changes with its sharing (SPEC §4): the new holder needs an active PAYG contract too.
    if (plan.licenseType === "PAYG" && !(await hasActivePaygContract(tx, child ?? plan.account, plan.serviceId))) {
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

