import "server-only";
import type { Account } from "@/generated/prisma/client";
import { notFound } from "@/lib/errors";
import type { DbTx } from "@/server/db";
import { getAccountInReach, lockAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { isSeller } from "../seller-charges";

/**
 * A seller (distributor or MSSP) the caller reaches, for its price books (docs/money.md#price-books).
 * A customer has none: "not found", exactly as for an account out of reach. `manage` checks the
 * caller may change them and locks the seller's row, so concurrent changes of one seller queue.
 */
export async function getSellerInReach(db: DbTx, actor: Actor, accountId: string, options: { manage?: boolean } = {}): Promise<Account> {
  const { account } = options.manage ? await lockAccountInReach(db, actor, accountId) : await getAccountInReach(db, actor, accountId);
  if (!isSeller(account.kind)) throw notFound("Account");
  assertCan(actor, options.manage ? "prices:manage" : "prices:read", account);
  return account;
}
