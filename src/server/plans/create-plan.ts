import "server-only";
import type { Plan } from "@/generated/prisma/client";
import { isUniqueViolation, ruleViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { planNameTaken } from "./plan-name-taken";

/** The service plans license: gateways managed in Quantum Spark Management. */
export const PLAN_SERVICE_CODE = "quantum-spark-management";

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
        // Audit JSON keeps the key it was always written with (licenseType), so old and new events read alike.
        after: { name: plan.name, licenseType: plan.licenceType },
      });
      return plan;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw planNameTaken();
    throw error;
  }
}
