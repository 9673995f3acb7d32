import "server-only";
import type { Gateway } from "@/generated/prisma/client";
import { invalid, isUniqueViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { firmwareRank, parseFirmware, supportsPayg } from "@/server/plans/firmware-version";
import { getGatewayInReach } from "./get-gateway-in-reach";
import type { GatewayInput } from "./gateway-input";
import { resolveGatewayOwnerAndPlan } from "./resolve-gateway-owner-and-plan";
import { serialTaken } from "./serial-taken";

export async function updateGateway(db: Db, options: { actor: Actor; gatewayId: string; input: GatewayInput }): Promise<Gateway> {
  const { actor, input } = options;
  try {
    return await db.$transaction(async (tx) => {
      const gateway = await getGatewayInReach(tx, actor, options.gatewayId, { lock: true });
      assertCan(actor, "account:manage", gateway.account);
      const { account, plan } = await resolveGatewayOwnerAndPlan(tx, actor, input.accountId, input.planId);
      const next = {
        name: input.name,
        serialNumber: input.serialNumber,
        firmwareVersion: input.firmwareVersion,
        firmwareRank: firmwareRank(parseFirmware(input.firmwareVersion)!),
        accountId: account.id,
        planId: plan?.id ?? null,
      };
      // An unlocked PAYG gateway keeps PAYG only on R82+: refuse a downgrade instead of silently switching.
      if (!gateway.lockedToPlan && gateway.ownLicenceType === "PAYG" && !supportsPayg(input.firmwareVersion)) {
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
