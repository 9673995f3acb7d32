import "server-only";
import type { Gateway } from "@/generated/prisma/client";
import { invalid } from "@/lib/errors";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { can } from "@/server/auth/permissions";
import { refuse } from "@/server/plans/set-plan-licence-type";
import { getGatewayInReach } from "./get-gateway-in-reach";

/** Locks the gateway back: it follows its plan's licence type again. */
export async function lockGateway(db: Db, options: {
    actor: Actor;
    gatewayId: string;
    /** Runs once the gateway is locked, before any rule: the API's If-Match (docs/api.md#etags). */
    precondition?: (tx: DbTx) => Promise<void>;
  }): Promise<Gateway> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const gateway = await getGatewayInReach(tx, actor, options.gatewayId, { lock: true });
    await options.precondition?.(tx);
    if (!can(actor, "account:manage", gateway.account)) refuse(["USER_NOT_ADMIN"]);
    if (!gateway.planId) throw invalid("The gateway has no plan to follow.", { planId: ["Assign it to a plan first."] }, "NO_PLAN");
    if (gateway.lockedToPlan) return gateway;
    const updated = await tx.gateway.update({ where: { id: gateway.id }, data: { lockedToPlan: true, ownLicenceType: "SUBSCRIPTION" } });
    await recordAuditEvent(tx, actor, {
      accountId: gateway.accountId,
      action: "gateway.locked",
      objectType: "gateway",
      objectId: gateway.id,
      // Audit JSON keeps the key it was always written with (licenseType), so old and new events read alike.
      before: { lockedToPlan: false, licenseType: gateway.ownLicenceType },
      after: { lockedToPlan: true },
    });
    return updated;
  });
}
