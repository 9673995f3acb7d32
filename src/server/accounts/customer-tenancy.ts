import "server-only";
import type { Account, Role } from "@/generated/prisma/client";
import { notFound } from "@/lib/errors";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan, type Permission } from "@/server/auth/permissions";
import { getAccountInReach, lockAccountInReach } from "@/server/accounts/get-account-in-reach";

/**
 * The customer account whose tenancy (end users, groups, subscriptions) is
 * being read or changed. Only CUSTOMER accounts have one; any other account
 * answers "not found" like an account out of reach. Changes lock the account
 * row so concurrent edits of one customer's groups queue.
 */
export async function customerInReach(
  db: DbTx,
  actor: Actor,
  accountId: string,
  options: { permission: Permission; lock?: boolean },
): Promise<{ account: Account; role: Role }> {
  const found = options.lock ? await lockAccountInReach(db, actor, accountId) : await getAccountInReach(db, actor, accountId);
  if (found.account.kind !== "CUSTOMER") throw notFound("Account");
  assertCan(actor, options.permission, found.account);
  return found;
}
