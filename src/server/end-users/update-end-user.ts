import "server-only";
import type { EndUser } from "@/generated/prisma/client";
import { isUniqueViolation, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import type { EndUserInput } from "./end-user-input";
import { externalIdTaken } from "./external-id-taken";

/** An end user of the customer, or "not found" (also for malformed ids and other tenants). */
export async function endUserOf(db: DbTx, accountId: string, endUserId: string): Promise<EndUser> {
  if (!isUuid(endUserId)) throw notFound("End user");
  const endUser = await db.endUser.findFirst({ where: { id: endUserId, accountId } });
  if (!endUser) throw notFound("End user");
  return endUser;
}

/** Edits an end user's name, email or external id. */
export async function updateEndUser(
  db: Db,
  options: { actor: Actor; accountId: string; endUserId: string; input: EndUserInput },
): Promise<EndUser> {
  const { actor, input } = options;
  try {
    return await db.$transaction(async (tx) => {
      const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
      const endUser = await endUserOf(tx, account.id, options.endUserId);
      const next = { name: input.name, email: input.email ?? null, externalId: input.externalId };
      const diff = changedFields(endUser, next);
      if (Object.keys(diff.after).length === 0) return endUser;
      const updated = await tx.endUser.update({ where: { id: endUser.id }, data: next });
      await recordAuditEvent(tx, actor, { accountId: account.id, action: "end_user.updated", objectType: "end_user", objectId: endUser.id, ...diff });
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw externalIdTaken();
    throw error;
  }
}
