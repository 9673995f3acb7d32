import "server-only";
import type { DbTx } from "@/server/db";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";

/** Owners and plans a gateway of this account's subtree may use (the server checks again on save). */
export async function gatewayFormOptions(db: DbTx, actor: Actor, account: { id: string; path: string }) {
  const ancestorIds = account.path.split("/").filter(Boolean);
  const [owners, plans] = await Promise.all([
    db.account.findMany({
      where: { AND: [{ path: { startsWith: account.path } }, { kind: { not: "DISTRIBUTOR" } }, reachableAccountWhere(actor.grants)] },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    db.plan.findMany({
      where: {
        AND: [
          { account: reachableAccountWhere(actor.grants) },
          { OR: [{ accountId: { in: ancestorIds } }, { account: { path: { startsWith: account.path } } }] },
        ],
      },
      select: { id: true, name: true, account: { select: { name: true } } },
      orderBy: { name: "asc" },
    }),
  ]);
  return {
    owners,
    plans: plans.map((plan) => ({ id: plan.id, label: `${plan.name} (${plan.account.name})` })),
  };
}
