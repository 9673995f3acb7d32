import "server-only";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { containsText } from "@/server/db/text-filters";

export interface EndUserMatch {
  id: string;
  name: string;
  externalId: string;
}

/**
 * End users of one account whose name or external id contains `q` literally
 * (ignoring case), in name order, for the device pairing combobox
 * (docs/end-users-and-devices.md#pairing-search). An empty `q` lists the first
 * ones by name. The account must be in the caller's reach, and the reach rule
 * is also inside the end-user query itself, so another tenant's end users can
 * never be answered. With `notInGroupId`, a group's members are left out (the group
 * page's "Add member"). Served by end_users (account_id, name, external_id) and
 * the trigram indexes on name and external_id.
 */
export async function searchEndUsers(
  db: DbTx,
  options: { actor: Actor; accountId: string; q: string; notInGroupId?: string },
): Promise<EndUserMatch[]> {
  const q = searchText(options.q);
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  return db.endUser.findMany({
    where: {
      accountId: account.id,
      ...reachableTenantWhere(options.actor.grants),
      ...(q ? { OR: [{ name: containsText(q) }, { externalId: containsText(q) }] } : {}),
      // "Add member" of a group offers only those not in it yet (only ever narrows the answer).
      ...(options.notInGroupId ? { groups: { none: { groupId: options.notInGroupId } } } : {}),
    },
    select: { id: true, name: true, externalId: true },
    orderBy: [{ name: "asc" }, { externalId: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
}
