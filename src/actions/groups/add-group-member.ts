"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { chosenIdSchema, idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { addGroupMembers } from "@/server/end-users/add-group-members";
import { formatCount, noun } from "@/lib/plural";

export const addGroupMemberAction = portalAction(
  z.object({ accountId: idSchema, groupId: idSchema, endUserId: chosenIdSchema("Choose an end user.") }),
  async ({ accountId, groupId, endUserId }, actor) => {
    const result = await addGroupMembers(db, { actor, accountId, groupId, endUserIds: [endUserId] });
    revalidatePath(`/a/${accountId}`, "layout");
    return { status: "ok", message: result.assigned ? `Member added; ${formatCount(result.assigned, noun("subscription"))} assigned.` : "Member added.", at: Date.now() };
  },
);
