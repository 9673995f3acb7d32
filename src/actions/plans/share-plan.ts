"use server";

import { revalidatePath } from "next/cache";
import { optionalIdSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { sharePlan } from "@/server/plans/share-plan";
import { planIds } from "./plan-ids";

export const sharePlanAction = portalAction(planIds.extend({ childAccountId: optionalIdSchema }), async ({ accountId, planId, childAccountId }, actor) => {
  await sharePlan(db, { actor, planId, childAccountId: childAccountId || null });
  revalidatePath(`/a/${accountId}/plans`, "layout");
  return { status: "ok", message: childAccountId ? "Plan shared." : "The plan is no longer shared.", at: Date.now() };
});
