import "server-only";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import { containsText } from "@/server/db/text-filters";
import type { PlanOption } from "@/server/plans/search-plan-options";
import { gatewayPlanWhere } from "./gateway-plan-where";

/**
 * Plans a gateway owned by `ownerId` may be in (`gatewayPlanWhere`: the owner's and those of
 * the accounts above it) whose name contains `q` literally (ignoring case), by name, at most
 * SEARCH_MATCH_LIMIT: the gateway form's Plan (docs/screens.md#async-combobox). It differs from
 * the Gateways list's Plan filter, which offers the plans of the accounts below. The owner is
 * one the form offers: at or below `accountId`, in reach; anything else is not found.
 */
export async function searchGatewayPlanOptions(db: DbTx, options: { actor: Actor; accountId: string; ownerId: string; q: string }): Promise<PlanOption[]> {
  const q = searchText(options.q);
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  const owner = isUuid(options.ownerId)
    ? await db.account.findFirst({
        where: { AND: [{ id: options.ownerId }, { path: { startsWith: account.path } }, reachableAccountWhere(options.actor.grants)] },
        select: { path: true },
      })
    : null;
  if (!owner) throw notFound("Account");
  const plans = await db.plan.findMany({
    where: { AND: [gatewayPlanWhere(options.actor, owner), ...(q ? [{ name: containsText(q) }] : [])] },
    select: { id: true, name: true, account: { select: { name: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
  return plans.map((plan) => ({ id: plan.id, name: plan.name, ownerName: plan.account.name }));
}
