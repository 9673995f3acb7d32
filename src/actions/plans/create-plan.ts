"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { createPlan } from "@/server/plans/create-plan";
import { planNameSchema } from "@/server/plans/plan-input";

export const createPlanAction = portalAction(z.object({ accountId: idSchema, name: planNameSchema }), async ({ accountId, name }, actor) => {
  const plan = await createPlan(db, { actor, accountId, name });
  redirect(`/a/${accountId}/plans/${plan.id}`);
});
