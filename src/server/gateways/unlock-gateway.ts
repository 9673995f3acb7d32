import "server-only";
import type { Gateway, LicenceType } from "@/generated/prisma/client";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { can } from "@/server/auth/permissions";
import { supportsPayg } from "@/server/plans/firmware-version";
import { ancestorKinds, hasActivePaygContract } from "@/server/plans/get-plan-in-reach";
import { checkPaygPrerequisites, isUnderMssp } from "@/server/plans/payg-prerequisites";
import { refuse } from "@/server/plans/set-plan-licence-type";
import { getGatewayInReach } from "./get-gateway-in-reach";

/**
 * "Unlock from plan": the gateway gets its own licence type. PAYG needs the
 * same prerequisites as a plan, plus R82.00.00 firmware on this gateway.
 */
export async function unlockGateway(
  db: Db,
  options: {
    actor: Actor;
    gatewayId: string;
    licenceType: LicenceType;
    now?: Date;
    /** Runs once the gateway is locked, before any rule: the API's If-Match (docs/api.md#etags). */
    precondition?: (tx: DbTx) => Promise<void>;
  },
): Promise<Gateway> {
  const { actor, licenceType } = options;
  return db.$transaction(async (tx) => {
    const gateway = await getGatewayInReach(tx, actor, options.gatewayId, { lock: true });
    await options.precondition?.(tx);
    const mayManage = can(actor, "account:manage", gateway.account);
    if (licenceType === "PAYG") {
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
    const updated = await tx.gateway.update({ where: { id: gateway.id }, data: { lockedToPlan: false, ownLicenceType: licenceType } });
    await recordAuditEvent(tx, actor, {
      accountId: gateway.accountId,
      action: "gateway.unlocked",
      objectType: "gateway",
      objectId: gateway.id,
      // Audit JSON keeps the key it was always written with (licenseType), so old and new events read alike.
      before: { lockedToPlan: gateway.lockedToPlan, licenseType: gateway.ownLicenceType },
      after: { lockedToPlan: false, licenseType: licenceType },
    });
    return updated;
  });
}
