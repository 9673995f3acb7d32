"use server";

import { revalidatePath } from "next/cache";
import { idListSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { assignGatewaysToPlan } from "@/server/plans/assign-gateways-to-plan";
import { planIds } from "./plan-ids";
import { formatCount, noun } from "@/lib/plural";

export async function assignGatewaysAction(previous: Parameters<typeof assignAction>[0], formData: FormData) {
  formData.set("gatewayIds", formData.getAll("gatewayIds").map(String).join(","));
  return assignAction(previous, formData);
}

const assignAction = portalAction(
  planIds.extend({ gatewayIds: idListSchema("Choose at least one gateway.") }),
  async ({ accountId, planId, gatewayIds }, actor) => {
    const count = await assignGatewaysToPlan(db, { actor, planId, gatewayIds });
    revalidatePath(`/a/${accountId}/plans`, "layout");
    return { status: "ok", message: `${formatCount(count, noun("gateway"))} assigned to the plan.`, at: Date.now() };
  },
);
