import "server-only";
import { notFound } from "@/lib/errors";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { containsText } from "@/server/db/text-filters";
import { getPlanInReach } from "@/server/plans/get-plan-in-reach";

export interface AssignableGateway {
  id: string;
  name: string;
  serialNumber: string;
  accountName: string;
  firmwareVersion: string;
  /** The plan it is in now (assigning moves it), null for none. */
  planName: string | null;
}

/**
 * Gateways a plan's "Assign gateways" may add (docs/gateways-and-plans.md#assign-gateways):
 * those of the plan owner's account and the accounts below it, in the caller's reach, not on the
 * plan yet, whose name or serial number contains `q` literally (ignoring case); by name, at most
 * SEARCH_MATCH_LIMIT. The plan is the one a page of `accountId` shows (owned by it or shared with
 * it) and needs ADMIN on its owner, as assigning does; else not found / forbidden. The reach rule
 * is inside the gateway query too, so another tenant's gateway is never an answer.
 */
export async function searchAssignableGateways(
  db: DbTx,
  options: { actor: Actor; accountId: string; planId: string; q: string },
): Promise<AssignableGateway[]> {
  const q = searchText(options.q);
  const plan = await getPlanInReach(db, options.actor, options.planId);
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  if (plan.accountId !== account.id && plan.sharedWithAccountId !== account.id) throw notFound("Plan");
  assertCan(options.actor, "account:manage", plan.account);
  const gateways = await db.gateway.findMany({
    where: {
      AND: [
        { account: { path: { startsWith: plan.account.path } } },
        reachableTenantWhere(options.actor.grants),
        // Not on this plan: in another plan or in none (a bare `NOT planId = …` would drop those without a plan).
        { OR: [{ planId: null }, { planId: { not: plan.id } }] },
        ...(q ? [{ OR: [{ name: containsText(q) }, { serialNumber: containsText(q) }] }] : []),
      ],
    },
    select: { id: true, name: true, serialNumber: true, firmwareVersion: true, account: { select: { name: true } }, plan: { select: { name: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
  return gateways.map((gateway) => ({
    id: gateway.id,
    name: gateway.name,
    serialNumber: gateway.serialNumber,
    accountName: gateway.account.name,
    firmwareVersion: gateway.firmwareVersion,
    planName: gateway.plan?.name ?? null,
  }));
}
