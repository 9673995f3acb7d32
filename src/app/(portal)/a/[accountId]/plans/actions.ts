"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { idListSchema, idSchema, optionalIdSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { assignGatewaysToPlan } from "@/server/plans/manage-gateways";
import { createPlan, deletePlan, renamePlan, sharePlan } from "@/server/plans/manage-plans";
import { licenseTypeSchema, planNameSchema } from "@/server/plans/plan-input";
import { setPlanLicenseType } from "@/server/plans/set-plan-license-type";

const ids = z.object({ accountId: idSchema, planId: idSchema });

export const createPlanAction = portalAction(z.object({ accountId: idSchema, name: planNameSchema }), async ({ accountId, name }, actor) => {
  const plan = await createPlan(db, { actor, accountId, name });
  redirect(`/a/${accountId}/plans/${plan.id}`);
});

export const renamePlanAction = portalAction(ids.extend({ name: planNameSchema }), async ({ accountId, planId, name }, actor) => {
  await renamePlan(db, { actor, planId, name });
  revalidatePath(`/a/${accountId}/plans`, "layout");
  return { status: "ok", message: "Plan renamed.", at: Date.now() };
});

export const deletePlanAction = portalAction(ids, async ({ accountId, planId }, actor) => {
  await deletePlan(db, { actor, planId });
  redirect(`/a/${accountId}/plans?deleted=1`);
});

export const sharePlanAction = portalAction(ids.extend({ childAccountId: optionalIdSchema }), async ({ accountId, planId, childAccountId }, actor) => {
  await sharePlan(db, { actor, planId, childAccountId: childAccountId || null });
  revalidatePath(`/a/${accountId}/plans`, "layout");
  return { status: "ok", message: childAccountId ? "Plan shared." : "The plan is no longer shared.", at: Date.now() };
});

export async function assignGatewaysAction(previous: Parameters<typeof assignAction>[0], formData: FormData) {
  formData.set("gatewayIds", formData.getAll("gatewayIds").map(String).join(","));
  return assignAction(previous, formData);
}

const assignAction = portalAction(
  ids.extend({ gatewayIds: idListSchema("Choose at least one gateway.") }),
  async ({ accountId, planId, gatewayIds }, actor) => {
    const count = await assignGatewaysToPlan(db, { actor, planId, gatewayIds });
    revalidatePath(`/a/${accountId}/plans`, "layout");
    return { status: "ok", message: `${count} gateway(s) assigned to the plan.`, at: Date.now() };
  },
);

export const setLicenseTypeAction = portalAction(
  ids.extend({ licenseType: licenseTypeSchema, confirmed: text().optional() }),
  async ({ accountId, planId, licenseType, confirmed }, actor) => {
    const result = await setPlanLicenseType(db, { actor, planId, licenseType, confirmed: confirmed === "yes" });
    revalidatePath(`/a/${accountId}/plans`, "layout");
    const stay = result.ineligibleGateways.length;
    return {
      status: "ok",
      message:
        licenseType === "PAYG"
          ? `The plan is on Pay-As-You-Go.${stay ? ` ${stay} gateway(s) below R82.00.00 stay on subscription: see View Gateways.` : ""}`
          : "The plan is on subscription licensing.",
      at: Date.now(),
    };
  },
);
