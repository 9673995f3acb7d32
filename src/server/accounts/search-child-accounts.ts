import "server-only";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import { containsText } from "@/server/db/text-filters";
import { ACCOUNT_OPTION_SELECT, type AccountOption } from "./account-option";

/**
 * Direct children of `parentId` in the caller's reach whose name contains `q` literally
 * (ignoring case), by name, at most SEARCH_MATCH_LIMIT (docs/screens.md#async-combobox): the
 * child a plan is shared with (any child: `sharePlan`), and with `live` the client account a
 * pool assigns to (inactive clients are refused there: `getClientOf`,
 * docs/pools-and-points.md#who-holds-pools). The parent out of reach → not found.
 */
export async function searchChildAccounts(db: DbTx, options: { actor: Actor; parentId: string; q: string; live?: boolean }): Promise<AccountOption[]> {
  const q = searchText(options.q);
  const { account: parent } = await getAccountInReach(db, options.actor, options.parentId);
  return db.account.findMany({
    where: {
      AND: [
        { parentId: parent.id },
        reachableAccountWhere(options.actor.grants),
        ...(options.live ? [{ status: { not: "INACTIVE" as const } }] : []),
        ...(q ? [{ name: containsText(q) }] : []),
      ],
    },
    select: ACCOUNT_OPTION_SELECT,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
}
