"use server";

import { revalidatePath } from "next/cache";
import { text } from "@/lib/input-schemas";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { licenceTypeSchema } from "@/server/plans/plan-input";
import { setPlanLicenceType } from "@/server/plans/set-plan-licence-type";
import { planIds } from "./plan-ids";
import { formatCount, noun } from "@/lib/plural";

export const setLicenceTypeAction = portalAction(
  planIds.extend({ licenceType: licenceTypeSchema, confirmed: text().optional() }),
  async ({ accountId, planId, licenceType, confirmed }, actor) => {
    const result = await setPlanLicenceType(db, { actor, planId, licenceType, confirmed: confirmed === "yes" });
    revalidatePath(`/a/${accountId}/plans`, "layout");
    const stay = result.ineligibleGateways.length;
    return {
      status: "ok",
      message:
        licenceType === "PAYG"
          ? `The plan is on Pay-As-You-Go.${stay ? ` ${formatCount(stay, noun("gateway"))} below R82.00.00 ${stay === 1 ? "stays" : "stay"} on subscription: see View Gateways.` : ""}`
          : "The plan is on subscription licensing.",
      at: Date.now(),
    };
  },
);
