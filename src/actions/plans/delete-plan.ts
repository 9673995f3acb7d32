"use server";

import { redirect } from "next/navigation";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { deletePlan } from "@/server/plans/delete-plan";
import { planIds } from "./plan-ids";

export const deletePlanAction = portalAction(planIds, async ({ accountId, planId }, actor) => {
  await deletePlan(db, { actor, planId });
  redirect(`/a/${accountId}/plans?deleted=1`);
});
