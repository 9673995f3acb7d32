"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { removeGroupMember } from "@/server/end-users/remove-group-member";
import { formatCount, noun } from "@/lib/plural";

export const removeGroupMemberAction = portalAction(z.object({ accountId: idSchema, groupId: idSchema, endUserId: idSchema }), async ({ accountId, groupId, endUserId }, actor) => {
  const result = await removeGroupMember(db, { actor, accountId, groupId, endUserId });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: result.unassigned ? `Member removed; ${formatCount(result.unassigned, noun("subscription"))} unassigned.` : "Member removed.", at: Date.now() };
});
