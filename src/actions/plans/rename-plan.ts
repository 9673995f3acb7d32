"use server";

import { revalidatePath } from "next/cache";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { renamePlan } from "@/server/plans/rename-plan";
import { planNameSchema } from "@/server/plans/plan-input";
import { planIds } from "./plan-ids";

export const renamePlanAction = portalAction(planIds.extend({ name: planNameSchema }), async ({ accountId, planId, name }, actor) => {
  await renamePlan(db, { actor, planId, name });
  revalidatePath(`/a/${accountId}/plans`, "layout");
  return { status: "ok", message: "Plan renamed.", at: Date.now() };
});
