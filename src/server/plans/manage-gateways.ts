import "server-only";
import type { Gateway, LicenseType } from "@/generated/prisma/client";
import { AppError, invalid, isUniqueViolation, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import { reachableAccountWhere, reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { assertCan, can } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { firmwareRank, parseFirmware, supportsPayg } from "./firmware-version";
import { ancestorKinds, getPlanInReach, hasActivePaygContract } from "./load-plan";
import { checkPaygPrerequisites, isUnderMssp } from "./payg-prerequisites";
import { refuse } from "./set-plan-license-type";
import type { GatewayInput } from "./plan-input";

const serialTaken = () =>
  new AppError("CONFLICT", "A gateway with that serial number is already registered.", {
    reason: "SERIAL_TAKEN",
    fieldErrors: { serialNumber: ["A gateway with that serial number is already registered."] },
  });

export async function getGatewayInReach(db: DbTx, actor: Actor, gatewayId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(gatewayId)) throw notFound("Gateway");
  if (options.lock) await db.$queryRaw`SELECT id FROM gateways WHERE id = ${gatewayId}::uuid FOR UPDATE`;
  const gateway = await db.gateway.findFirst({
    where: { id: gatewayId, ...reachableTenantWhere(actor.grants) },
    include: {
      account: { select: { id: true, name: true, kind: true, path: true, billingTimezone: true } },
      plan: { include: { account: { select: { id: true, path: true } }, sharedWith: { select: { id: true, billingTimezone: true } } } },
    },
  });
  if (!gateway) throw notFound("Gateway");
  return gateway;
}

/**
 * The owning account must be reachable with ADMIN; the plan, when given, must
 * belong to that account or one above it within the same MSSP.
 */
async function resolveOwnerAndPlan(tx: DbTx, actor: Actor, accountId: string, planId: string | undefined) {
  const { account } = await getAccountInReach(tx, actor, accountId);
  assertCan(actor, "account:manage", account);
  if (account.kind === "DISTRIBUTOR") {
    throw invalid("Gateways belong to an MSSP or its child accounts.", { accountId: ["Choose an MSSP or customer account."] });
  }
  if (!planId) return { account, plan: null };
  if (!isUuid(planId)) throw invalid("Choose a plan.", { planId: ["Unknown plan."] });
  const plan = await tx.plan.findFirst({
    where: { id: planId, account: reachableAccountWhere(actor.grants) },
    include: { account: { select: { path: true } } },
  });
  if (!plan || !account.path.startsWith(plan.account.path)) {
    throw invalid("The plan must belong to the gateway's account or its MSSP.", { planId: ["Choose a plan of this account's MSSP."] });
  }
  return { account, plan };
}

export async function registerGateway(db: Db, options: { actor: Actor; input: GatewayInput }): Promise<Gateway> {
  const { actor, input } = options;
  try {
    return await db.$transaction(async (tx) => {
      const { account, plan } = await resolveOwnerAndPlan(tx, actor, input.accountId, input.planId);
      const gateway = await tx.gateway.create({
        data: {
          accountId: account.id,
          planId: plan?.id ?? null,
          name: input.name,
          serialNumber: input.serialNumber,
          firmwareVersion: input.firmwareVersion,
          firmwareRank: firmwareRank(parseFirmware(input.firmwareVersion)!),
        },
      });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "gateway.registered",
        objectType: "gateway",
        objectId: gateway.id,
        after: { name: gateway.name, serialNumber: gateway.serialNumber, firmware: gateway.firmwareVersion, plan: plan?.name ?? null },
      });
      return gateway;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw serialTaken();
    throw error;
  }
}

export async function updateGateway(db: Db, options: { actor: Actor; gatewayId: string; input: GatewayInput }): Promise<Gateway> {
  const { actor, input } = options;
  try {
    return await db.$transaction(async (tx) => {
      const gateway = await getGatewayInReach(tx, actor, options.gatewayId, { lock: true });
      assertCan(actor, "account:manage", gateway.account);
      const { account, plan } = await resolveOwnerAndPlan(tx, actor, input.accountId, input.planId);
      const next = {
        name: input.name,
        serialNumber: input.serialNumber,
        firmwareVersion: input.firmwareVersion,
        firmwareRank: firmwareRank(parseFirmware(input.firmwareVersion)!),
        accountId: account.id,
        planId: plan?.id ?? null,
      };
      // An unlocked PAYG gateway keeps PAYG only on R82+: refuse a downgrade instead of silently switching.
      if (!gateway.lockedToPlan && gateway.ownLicenseType === "PAYG" && !supportsPayg(input.firmwareVersion)) {
        throw invalid("This gateway is on Pay-As-You-Go, which needs R82.00.00 or higher.", {
          firmwareVersion: ["Switch the gateway to subscription before installing older firmware."],
        });
      }
      const diff = changedFields(gateway as unknown as Record<string, unknown>, next);
      if (Object.keys(diff.after).length === 0) return gateway;
      const updated = await tx.gateway.update({ where: { id: gateway.id }, data: next });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: gateway.planId !== next.planId ? "gateway.moved" : "gateway.updated",
        objectType: "gateway",
        objectId: gateway.id,
        ...diff,
      });
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw serialTaken();
    throw error;
  }
}

export async function removeGateway(db: Db, options: { actor: Actor; gatewayId: string }): Promise<void> {
  const { actor } = options;
  await db.$transaction(async (tx) => {
    const gateway = await getGatewayInReach(tx, actor, options.gatewayId, { lock: true });
    assertCan(actor, "account:manage", gateway.account);
    await tx.gateway.delete({ where: { id: gateway.id } });
    await recordAuditEvent(tx, actor, {
      accountId: gateway.accountId,
      action: "gateway.removed",
      objectType: "gateway",
      objectId: gateway.id,
      before: { name: gateway.name, serialNumber: gateway.serialNumber },
    });
  });
}

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

/**
 * "Unlock from plan": the gateway gets its own licence type. PAYG needs the
 * same prerequisites as a plan, plus R82.00.00 firmware on this gateway.
 */
export async function unlockGateway(
  db: Db,
  options: { actor: Actor; gatewayId: string; licenseType: LicenseType; now?: Date },
): Promise<Gateway> {
  const { actor, licenseType } = options;
  return db.$transaction(async (tx) => {
    const gateway = await getGatewayInReach(tx, actor, options.gatewayId, { lock: true });
    const mayManage = can(actor, "account:manage", gateway.account);
    if (licenseType === "PAYG") {
      const holder = gateway.plan?.sharedWith ?? (gateway.plan ? await tx.account.findUniqueOrThrow({ where: { id: gateway.plan.accountId } }) : gateway.account);
      const serviceId = gateway.plan?.serviceId ?? (await tx.service.findUniqueOrThrow({ where: { code: "quantum-spark-management" } })).id;
      const refusals = checkPaygPrerequisites({
        underMssp: isUnderMssp(gateway.account.kind, await ancestorKinds(tx, gateway.account.path)),
        mayManage,
        holderHasActivePaygContract: await hasActivePaygContract(tx, holder, serviceId, options.now),
      });
      if (!supportsPayg(gateway.firmwareVersion)) refusals.push("GATEWAY_FIRMWARE_TOO_OLD");
      if (refusals.length) refuse(refusals);
    } else if (!mayManage) {
      refuse(["USER_NOT_ADMIN"]);
    }
    const updated = await tx.gateway.update({ where: { id: gateway.id }, data: { lockedToPlan: false, ownLicenseType: licenseType } });
    await recordAuditEvent(tx, actor, {
      accountId: gateway.accountId,
      action: "gateway.unlocked",
      objectType: "gateway",
      objectId: gateway.id,
      before: { lockedToPlan: gateway.lockedToPlan, licenseType: gateway.ownLicenseType },
      after: { lockedToPlan: false, licenseType },
    });
    return updated;
  });
}

/** Locks the gateway back: it follows its plan's licence type again. */
export async function lockGateway(db: Db, options: { actor: Actor; gatewayId: string }): Promise<Gateway> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const gateway = await getGatewayInReach(tx, actor, options.gatewayId, { lock: true });
    if (!can(actor, "account:manage", gateway.account)) refuse(["USER_NOT_ADMIN"]);
    if (!gateway.planId) throw invalid("The gateway has no plan to follow.", { planId: ["Assign it to a plan first."] }, "NO_PLAN");
    if (gateway.lockedToPlan) return gateway;
    const updated = await tx.gateway.update({ where: { id: gateway.id }, data: { lockedToPlan: true, ownLicenseType: "SUBSCRIPTION" } });
    await recordAuditEvent(tx, actor, {
      accountId: gateway.accountId,
      action: "gateway.locked",
      objectType: "gateway",
      objectId: gateway.id,
      before: { lockedToPlan: false, licenseType: gateway.ownLicenseType },
      after: { lockedToPlan: true },
    });
    return updated;
  });
}
