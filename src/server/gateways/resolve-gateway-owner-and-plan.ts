import "server-only";
import { invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { gatewayPlanWhere } from "./gateway-plan-where";

/**
 * The owning account must be reachable with ADMIN; the plan, when given, must
 * belong to that account or one above it within the same MSSP.
 */
export async function resolveGatewayOwnerAndPlan(tx: DbTx, actor: Actor, accountId: string, planId: string | undefined) {
  const { account } = await getAccountInReach(tx, actor, accountId);
  assertCan(actor, "account:manage", account);
  if (account.kind === "DISTRIBUTOR") {
    throw invalid("Gateways belong to an MSSP or its child accounts.", { accountId: ["Choose an MSSP or customer account."] });
  }
  if (!planId) return { account, plan: null };
  if (!isUuid(planId)) throw invalid("Choose a plan.", { planId: ["Unknown plan."] });
  const plan = await tx.plan.findFirst({ where: { AND: [{ id: planId }, gatewayPlanWhere(actor, account)] } });
  if (!plan) {
    throw invalid("The plan must belong to the gateway's account or its MSSP.", { planId: ["Choose a plan of this account's MSSP."] });
  }
  return { account, plan };
}
