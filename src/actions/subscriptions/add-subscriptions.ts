"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { addSubscriptions, addSubscriptionsSchema } from "@/server/subscriptions/add-subscriptions";

/** Package checkboxes post as "packageSkus:<SKU>=on"; they become the list Add Subscriptions takes. */
const addForm = z.preprocess((raw) => {
  const values = raw as Record<string, unknown>;
  const packageSkus = Object.keys(values)
    .filter((key) => key.startsWith("packageSkus:"))
    .map((key) => key.slice("packageSkus:".length));
  return { ...values, packageSkus };
}, z.object({ accountId: idSchema }).and(addSubscriptionsSchema));

export const addSubscriptionsAction = portalAction(addForm, async ({ accountId, ...input }, actor) => {
  const contracts = await addSubscriptions(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}`, "layout");
  redirect(`/a/${accountId}/subscriptions?added=${contracts.length}`);
});
