import "server-only";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { containsText } from "@/server/db/text-filters";

export interface GroupOption {
  id: string;
  name: string;
}

/**
 * User groups of one customer whose name contains `q` literally (ignoring case), by name, at
 * most SEARCH_MATCH_LIMIT (docs/screens.md#async-combobox): an end user's "Add to group" (with
 * `notJoinedBy`, the groups it is not in yet) and a subscription's "Attach to a user group"
 * (with `notAttachedTo`, the groups it is not attached to: attaching twice is refused). The
 * customer must be in reach, and the reach rule is inside the group query too.
 */
export async function searchGroupOptions(
  db: DbTx,
  options: { actor: Actor; accountId: string; q: string; notJoinedBy?: string; notAttachedTo?: string },
): Promise<GroupOption[]> {
  const q = searchText(options.q);
  const { account } = await customerInReach(db, options.actor, options.accountId, { permission: "account:read" });
  return db.userGroup.findMany({
    where: {
      accountId: account.id,
      ...reachableTenantWhere(options.actor.grants),
      ...(q ? { name: containsText(q) } : {}),
      ...(options.notJoinedBy ? { members: { none: { endUserId: options.notJoinedBy } } } : {}),
      ...(options.notAttachedTo ? { subscriptions: { none: { packageId: options.notAttachedTo } } } : {}),
    },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
}
