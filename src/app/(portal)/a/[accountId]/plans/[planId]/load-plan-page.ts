import "server-only";
import { notFound } from "next/navigation";
import { orNotFound } from "@/server/edge/or-not-found";
import { getPortalContext } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getPlanInReach } from "@/server/plans/get-plan-in-reach";

/** A plan owned by or shared with the account in the URL, or the 404 page. */
export async function loadPlanPage(accountId: string, planId: string) {
  const context = await getPortalContext(accountId);
  const plan = await orNotFound(getPlanInReach(db, context.actor, planId));
  if (plan.accountId !== context.account.id && plan.sharedWithAccountId !== context.account.id) notFound();
  return { context, plan };
}
