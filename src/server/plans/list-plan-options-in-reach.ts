import "server-only";
import type { DbTx } from "@/server/db";

/** Plans the Gateways list may filter by: the account's own, those shared with it, and those of its subtree. */
export async function listPlanOptionsInReach(db: DbTx, options: { account: { id: string; path: string } }) {
  const { account } = options;
  return db.plan.findMany({
    where: { OR: [{ accountId: account.id }, { sharedWithAccountId: account.id }, { account: { path: { startsWith: account.path } } }] },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}
