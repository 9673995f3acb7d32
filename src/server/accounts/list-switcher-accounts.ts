import "server-only";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import { containsText } from "@/server/db/text-filters";
import { toAccountTree, type AccountTreeEntry } from "./list-reachable-accounts";

/** Children of one account the switcher lists before anything is typed. */
export const SWITCHER_CHILDREN_LIMIT = 20;

export interface SwitcherAccounts {
  /** In tree order, each with its level in this partial tree. */
  entries: AccountTreeEntry[];
  /** Some reachable accounts are not listed: the switcher says to search for them. */
  more: boolean;
}

const SELECT = { id: true, name: true, kind: true, status: true, parentId: true } as const;

/**
 * What the account switcher shows before anything is typed
 * (docs/accounts-and-roles.md#account-switcher): the caller's top accounts, the chain from
 * them down to the current account, and the first children (by name) of the
 * current account and of each top account. Never every reachable account: an
 * MSSP with 1,000 customers would put them all into every page. The rest is
 * found with `searchSwitcherAccounts`. Reach is inside each query.
 */
export async function listSwitcherAccounts(
  db: DbTx,
  actor: Actor,
  current: { id: string; path: string },
): Promise<SwitcherAccounts> {
  const reach = reachableAccountWhere(actor.grants);
  const chainIds = current.path.split("/").filter(Boolean);
  const topIds = actor.grants.map((grant) => grant.accountId);
  const parents = [...new Set([current.id, ...topIds])];
  const [chain, ...childLists] = await Promise.all([
    db.account.findMany({ where: { AND: [reach, { id: { in: [...new Set([...chainIds, ...topIds])] } }] }, select: SELECT }),
    ...parents.map((parentId) =>
      db.account.findMany({
        where: { AND: [reach, { parentId }] },
        select: SELECT,
        orderBy: [{ name: "asc" }, { id: "asc" }],
        take: SWITCHER_CHILDREN_LIMIT + 1,
      }),
    ),
  ]);
  const byId = new Map(chain.map((account) => [account.id, account]));
  let more = false;
  for (const children of childLists) {
    if (children.length > SWITCHER_CHILDREN_LIMIT) more = true;
    for (const child of children.slice(0, SWITCHER_CHILDREN_LIMIT)) byId.set(child.id, child);
  }
  return { entries: toAccountTree([...byId.values()].sort(byName)), more };
}

/**
 * Accounts in the caller's reach whose name contains `q` literally (ignoring
 * case), in name order, at most SEARCH_MATCH_LIMIT: the switcher's search.
 * `accountId` is the account being viewed; out of reach → not found.
 */
export async function searchSwitcherAccounts(
  db: DbTx,
  options: { actor: Actor; accountId: string; q: string },
): Promise<AccountTreeEntry[]> {
  const q = searchText(options.q);
  await getAccountInReach(db, options.actor, options.accountId);
  const accounts = await db.account.findMany({
    where: { AND: [reachableAccountWhere(options.actor.grants), ...(q ? [{ name: containsText(q) }] : [])] },
    select: { id: true, name: true, kind: true, status: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
  return accounts.map((account) => ({ ...account, level: 0 }));
}

/** Close to the database's name order; ties by id so the order is stable. */
function byName(a: { name: string; id: string }, b: { name: string; id: string }) {
  return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
