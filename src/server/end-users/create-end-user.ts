import "server-only";
import type { EndUser } from "@/generated/prisma/client";
import { isUniqueViolation } from "@/lib/errors";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import type { EndUserInput } from "./end-user-input";
import { externalIdTaken } from "./external-id-taken";

/** Creates an end user in the customer's tenancy (people may also appear from telemetry or an import). */
export async function createEndUser(
  db: Db,
  options: { actor: Actor; accountId: string; input: EndUserInput; source?: "admin" | "import" },
): Promise<EndUser> {
  const { actor, input } = options;
  try {
    return await db.$transaction(async (tx) => createEndUserInTransaction(tx, { ...options, actor, input }));
  } catch (error) {
    if (isUniqueViolation(error)) throw externalIdTaken();
    throw error;
  }
}

export async function createEndUserInTransaction(
  tx: DbTx,
  options: { actor: Actor; accountId: string; input: EndUserInput; source?: "admin" | "import" },
): Promise<EndUser> {
  const { actor, input } = options;
  const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
  const existing = await tx.endUser.findUnique({ where: { accountId_externalId: { accountId: account.id, externalId: input.externalId } } });
  if (existing) throw externalIdTaken();
  const endUser = await tx.endUser.create({
    data: { accountId: account.id, name: input.name, email: input.email ?? null, externalId: input.externalId, source: options.source ?? "admin" },
  });
  await recordAuditEvent(tx, actor, {
    accountId: account.id,
    action: "end_user.created",
    objectType: "end_user",
    objectId: endUser.id,
    after: { name: endUser.name, email: endUser.email, externalId: endUser.externalId, source: endUser.source },
  });
  return endUser;
}
