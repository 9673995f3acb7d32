import "server-only";
import type { Gateway } from "@/generated/prisma/client";
import { isUniqueViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { firmwareRank, parseFirmware } from "@/server/plans/firmware-version";
import type { GatewayInput } from "./gateway-input";
import { resolveGatewayOwnerAndPlan } from "./resolve-gateway-owner-and-plan";
import { serialTaken } from "./serial-taken";

export async function registerGateway(db: Db, options: { actor: Actor; input: GatewayInput }): Promise<Gateway> {
  const { actor, input } = options;
  try {
    return await db.$transaction(async (tx) => {
      const { account, plan } = await resolveGatewayOwnerAndPlan(tx, actor, input.accountId, input.planId);
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
