import "server-only";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getGatewayInReach } from "./get-gateway-in-reach";

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
