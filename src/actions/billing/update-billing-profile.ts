"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { updateBillingProfile } from "@/server/billing/billing-profiles/billing-profile";
import { billingProfileSchema } from "@/server/billing/billing-profiles/billing-profile-input";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";

export const updateBillingProfileAction = portalAction(z.object({ accountId: idSchema }).extend(billingProfileSchema.shape), async ({ accountId, ...input }, actor) => {
  await updateBillingProfile(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}/settings`);
  revalidatePath(`/a/${accountId}/prices`);
  return { status: "ok", message: "Billing profile saved.", at: Date.now() };
});
