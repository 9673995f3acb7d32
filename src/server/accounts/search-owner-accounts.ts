import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import { containsText } from "@/server/db/text-filters";
import { ACCOUNT_OPTION_SELECT, type AccountOption } from "./account-option";

/**
 * The accounts that may own a new gateway or location of this account's pages: the account
 * and those below it, never a distributor (docs/gateways-and-plans.md#plans,
 * docs/location-licences.md#locations), and only where the caller is an admin: the role is part of the
 * `where` (an ADMIN membership at or above the account), as registering checks `account:manage`.
 */
export function ownerAccountWhere(actor: Actor, account: { path: string }): Prisma.AccountWhereInput {
  const adminGrants = actor.grants.filter((grant) => grant.role === "ADMIN");
  return { AND: [{ path: { startsWith: account.path } }, { kind: { not: "DISTRIBUTOR" } }, reachableAccountWhere(adminGrants)] };
}

/**
 * Owners of `accountId`'s subtree whose name contains `q` literally (ignoring case), nearest
 * first then by name, at most SEARCH_MATCH_LIMIT: the "Owning account" of the gateway form and
 * the "Organization" of a new location (docs/screens.md#async-combobox). An MSSP with 1,000
 * customers never puts them all into the page. `accountId` out of reach → not found.
 */
export async function searchOwnerAccounts(db: DbTx, options: { actor: Actor; accountId: string; q: string }): Promise<AccountOption[]> {
  const q = searchText(options.q);
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  return db.account.findMany({
    where: { AND: [ownerAccountWhere(options.actor, account), ...(q ? [{ name: containsText(q) }] : [])] },
    select: ACCOUNT_OPTION_SELECT,
    orderBy: [{ depth: "asc" }, { name: "asc" }, { id: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
}
