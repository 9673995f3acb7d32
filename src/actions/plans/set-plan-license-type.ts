"use server";

import { revalidatePath } from "next/cache";
import { text } from "@/lib/input-schemas";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { licenseTypeSchema } from "@/server/plans/plan-input";
import { setPlanLicenseType } from "@/server/plans/set-plan-license-type";
import { planIds } from "./plan-ids";

export const setLicenseTypeAction = portalAction(
  planIds.extend({ licenseType: licenseTypeSchema, confirmed: text().optional() }),
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
