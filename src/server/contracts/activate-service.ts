import "server-only";
import { invalid, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { activateAccountService } from "./add-contract";

/** Activates a service whose contracts arrived from the User Center ("requires activation"). */
export async function activateService(db: Db, options: { actor: Actor; accountId: string; serviceId: string }) {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { account } = await getAccountInReach(tx, actor, options.accountId);
    assertCan(actor, "account:manage", account);
    if (!isUuid(options.serviceId)) throw notFound("Service");
    const contracts = await tx.contract.count({ where: { accountId: account.id, serviceId: options.serviceId } });
    if (contracts === 0) throw invalid("The account has no contract for that service.", { serviceId: ["No contract for this service."] });
    const already = await tx.accountService.findUnique({
      where: { accountId_serviceId: { accountId: account.id, serviceId: options.serviceId } },
    });
    if (already) return;
    await activateAccountService(tx, account.id, options.serviceId, actor.email);
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "service.activated",
      objectType: "service",
      objectId: options.serviceId,
    });
  });
}
