"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { removeGroupMember } from "@/server/end-users/remove-group-member";
import { formatCount, noun } from "@/lib/plural";

export const leaveGroupAction = portalAction(z.object({ accountId: idSchema, endUserId: idSchema, groupId: idSchema }), async ({ accountId, endUserId, groupId }, actor) => {
  const result = await removeGroupMember(db, { actor, accountId, groupId, endUserId });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: result.unassigned ? `Removed from the group; ${formatCount(result.unassigned, noun("subscription"))} unassigned.` : "Removed from the group.", at: Date.now() };
});
