import "server-only";
import type { LicenceType } from "@/generated/prisma/client";
import { AppError, invalid } from "@/lib/errors";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { can } from "@/server/auth/permissions";
import { supportsPayg } from "./firmware-version";
import { ancestorKinds, contractHolder, getPlanInReach, hasActivePaygContract, type LoadedPlan } from "./get-plan-in-reach";
import { checkPaygPrerequisites, isUnderMssp, PAYG_REFUSAL_MESSAGES, type PaygRefusal } from "./payg-prerequisites";

export interface PlanPaygCheck {
  refusals: PaygRefusal[];
  holder: { id: string; name: string };
}

/** Every plan-level prerequisite of PAYG for this caller (firmware is per gateway). */
export async function checkPlanPayg(db: DbTx, actor: Actor, plan: LoadedPlan, now?: Date): Promise<PlanPaygCheck> {
  const holder = contractHolder(plan);
  const refusals = checkPaygPrerequisites({
    underMssp: isUnderMssp(plan.account.kind, await ancestorKinds(db, plan.account.path)),
    mayManage: can(actor, "account:manage", plan.account),
    holderHasActivePaygContract: await hasActivePaygContract(db, holder, plan.serviceId, now),
  });
  return { refusals, holder: { id: holder.id, name: holder.name } };
}

export function refuse(refusals: PaygRefusal[]): never {
  const [first] = refusals;
  throw new AppError(first === "USER_NOT_ADMIN" ? "FORBIDDEN" : "RULE_VIOLATION", refusals.map((r) => PAYG_REFUSAL_MESSAGES[r]).join(" "), {
    reason: first,
  });
}

export interface LicenceChangeResult {
  licenceType: LicenceType;
  /** Gateways of the plan that stay on subscription (firmware below R82.00.00). */
  ineligibleGateways: { id: string; name: string; firmwareVersion: string }[];
}

/**
 * Switches a plan's licence type. To PAYG: every prerequisite is checked and
 * the first failing one named; eligible gateways follow, older firmware stays
 * on subscription. To Subscription: only after the person confirmed.
 */
export async function setPlanLicenceType(
  db: Db,
  options: {
    actor: Actor;
    planId: string;
    licenceType: LicenceType;
    confirmed?: boolean;
    now?: Date;
    /** Runs once the plan is locked, before any rule: the API's If-Match (docs/api.md#etags). */
    precondition?: (tx: DbTx) => Promise<void>;
  },
): Promise<LicenceChangeResult> {
  const { actor, licenceType } = options;
  return db.$transaction(async (tx) => {
    const plan = await getPlanInReach(tx, actor, options.planId, { lock: true });
    await options.precondition?.(tx);
    const gateways = await tx.gateway.findMany({
      where: { planId: plan.id, lockedToPlan: true },
      select: { id: true, name: true, firmwareVersion: true },
      orderBy: { name: "asc" },
    });
    const ineligibleGateways = gateways.filter((gateway) => !supportsPayg(gateway.firmwareVersion));

    if (licenceType === "PAYG") {
      const { refusals } = await checkPlanPayg(tx, actor, plan, options.now);
      if (refusals.length) refuse(refusals);
    } else {
      if (!can(actor, "account:manage", plan.account)) refuse(["USER_NOT_ADMIN"]);
      if (plan.licenceType === "PAYG" && !options.confirmed) {
        throw invalid("Confirm the switch to subscription licensing.", { confirmed: ["Select Subscription Licensing: confirm to continue."] }, "CONFIRMATION_REQUIRED");
      }
    }
    if (plan.licenceType === licenceType) return { licenceType, ineligibleGateways };

    await tx.plan.update({ where: { id: plan.id }, data: { licenceType } });
    await recordAuditEvent(tx, actor, {
      accountId: plan.accountId,
      action: "plan.license_type_changed",
      objectType: "plan",
      objectId: plan.id,
      // Audit JSON keeps the key it was always written with (licenseType), so old and new events read alike.
      before: { licenseType: plan.licenceType },
      after: {
        licenseType: licenceType,
        ...(licenceType === "PAYG"
          ? { gatewaysOnPayg: gateways.length - ineligibleGateways.length, stayOnSubscription: ineligibleGateways.map((g) => g.name) }
          : {}),
      },
    });
    return { licenceType, ineligibleGateways };
  });
}

