"use server";

import { revalidatePath } from "next/cache";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { attachSubscriptionToGroup } from "@/server/end-users/attach-subscription-to-group";
import { groupAttachment } from "./group-attachment-input";
import { formatCount, noun } from "@/lib/plural";

export const attachSubscriptionAction = portalAction(groupAttachment, async ({ accountId, packageId, groupId }, actor) => {
  const result = await attachSubscriptionToGroup(db, { actor, accountId, packageId, groupId });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: `Attached; ${formatCount(result.assigned, noun("member"))} assigned.`, at: Date.now() };
});
