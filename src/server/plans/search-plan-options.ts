import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import { containsText } from "@/server/db/text-filters";

export interface PlanOption {
  id: string;
  name: string;
  /** The account that owns the plan (an MSSP lists its customers' MSSPs' plans too). */
  ownerName: string;
}

/**
 * The plans the Gateways list filters by, for one account: its own, those shared
 * with it, and those of the accounts below it — and, inside the same `where`, only
 * plans whose owner or share lies in the caller's reach, so another tenant's plan
 * is never an option whatever the account id says.
 */
function planOptionsWhere(actor: Actor, account: { id: string; path: string }): Prisma.PlanWhereInput {
  const reach = reachableAccountWhere(actor.grants);
  return {
    AND: [
      { OR: [{ accountId: account.id }, { sharedWithAccountId: account.id }, { account: { path: { startsWith: account.path } } }] },
      { OR: [{ account: reach }, { sharedWith: reach }] },
    ],
  };
}

const SELECT = { id: true, name: true, account: { select: { name: true } } } satisfies Prisma.PlanSelect;

function toOption(plan: Prisma.PlanGetPayload<{ select: typeof SELECT }>): PlanOption {
  return { id: plan.id, name: plan.name, ownerName: plan.account.name };
}

/**
 * Plans of the Gateways list's account whose name contains `q` literally (ignoring
 * case), in name order, at most SEARCH_MATCH_LIMIT: the list's Plan filter
 * (docs/screens.md#async-combobox). At a large MSSP (2,000 plans) the page never
 * carries every plan; an empty `q` lists the first ones by name. The account must be
 * in the caller's reach (else not found).
 */
export async function searchPlanOptions(db: DbTx, options: { actor: Actor; accountId: string; q: string }): Promise<PlanOption[]> {
  const q = searchText(options.q);
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  const plans = await db.plan.findMany({
    where: { AND: [planOptionsWhere(options.actor, account), ...(q ? [{ name: containsText(q) }] : [])] },
    select: SELECT,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
  return plans.map(toOption);
}

/**
 * The plan a Gateways list URL filters by (`plan=<id>`), so the filter shows it by
 * name after a reload; null when the id names no plan among the account's options.
 * The account is the one the page already checked.
 */
export async function getPlanOption(db: DbTx, options: { actor: Actor; account: { id: string; path: string }; planId: string }): Promise<PlanOption | null> {
  if (!isUuid(options.planId)) return null;
  const plan = await db.plan.findFirst({ where: { AND: [{ id: options.planId }, planOptionsWhere(options.actor, options.account)] }, select: SELECT });
  return plan ? toOption(plan) : null;
}
