"use server";

import { revalidatePath } from "next/cache";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { detachSubscriptionFromGroup } from "@/server/end-users/detach-subscription-from-group";
import { groupAttachment } from "./group-attachment-input";
import { formatCount, noun } from "@/lib/plural";

export const detachSubscriptionAction = portalAction(groupAttachment, async ({ accountId, packageId, groupId }, actor) => {
  const result = await detachSubscriptionFromGroup(db, { actor, accountId, packageId, groupId });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: `Detached; ${formatCount(result.unassigned, noun("assignment"))} ended.`, at: Date.now() };
});
