"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { chosenIdSchema, idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { addSubscriptions, addSubscriptionsSchema } from "@/server/subscriptions/add-subscriptions";
import { attachSubscriptionToGroup, detachSubscriptionFromGroup } from "@/server/subscriptions/group-subscriptions";

const ids = z.object({ accountId: idSchema });

/** Package checkboxes post as "packageSkus:<SKU>=on"; they become the list Add Subscriptions takes. */
const addForm = z.preprocess((raw) => {
  const values = raw as Record<string, unknown>;
  const packageSkus = Object.keys(values)
    .filter((key) => key.startsWith("packageSkus:"))
    .map((key) => key.slice("packageSkus:".length));
  return { ...values, packageSkus };
}, ids.and(addSubscriptionsSchema));

export const addSubscriptionsAction = portalAction(addForm, async ({ accountId, ...input }, actor) => {
  const contracts = await addSubscriptions(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}`, "layout");
  redirect(`/a/${accountId}/subscriptions?added=${contracts.length}`);
});

const attachment = ids.extend({ packageId: idSchema, groupId: chosenIdSchema("Choose a group.") });

export const attachSubscriptionAction = portalAction(attachment, async ({ accountId, packageId, groupId }, actor) => {
  const result = await attachSubscriptionToGroup(db, { actor, accountId, packageId, groupId });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: `Attached; ${result.assigned} member(s) assigned.`, at: Date.now() };
});

export const detachSubscriptionAction = portalAction(attachment, async ({ accountId, packageId, groupId }, actor) => {
  const result = await detachSubscriptionFromGroup(db, { actor, accountId, packageId, groupId });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: `Detached; ${result.unassigned} assignment(s) ended.`, at: Date.now() };
});
