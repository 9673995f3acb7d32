import "server-only";
import type { Account, Role } from "@/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { effectiveRole, reachableAccountWhere, type Actor } from "@/server/auth/reach";

export interface AccountInReach {
  account: Account;
  role: Role;
}

/**
 * The account if the caller reaches it, with their role there. Malformed ids,
 * missing accounts and accounts out of reach all answer the same "not found".
 */
export async function getAccountInReach(db: DbTx, actor: Actor, accountId: string): Promise<AccountInReach> {
  if (!isUuid(accountId)) throw notFound("Account");
  const account = await db.account.findFirst({
    where: { AND: [{ id: accountId }, reachableAccountWhere(actor.grants)] },
  });
  const role = account ? effectiveRole(actor.grants, account.path) : null;
  if (!account || !role) throw notFound("Account");
  return { account, role };
}

/** For updates: the same check, taking a row lock so concurrent changes queue. */
export async function lockAccountInReach(db: DbTx, actor: Actor, accountId: string): Promise<AccountInReach> {
  const found = await getAccountInReach(db, actor, accountId);
  await db.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId}::uuid FOR UPDATE`;
  return found;
}
