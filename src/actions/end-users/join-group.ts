"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { chosenIdSchema, idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { addGroupMembers } from "@/server/end-users/add-group-members";
import { formatCount, noun } from "@/lib/plural";

export const joinGroupAction = portalAction(
  z.object({ accountId: idSchema, endUserId: idSchema, groupId: chosenIdSchema("Choose a group.") }),
  async ({ accountId, endUserId, groupId }, actor) => {
    const result = await addGroupMembers(db, { actor, accountId, groupId, endUserIds: [endUserId] });
    revalidatePath(`/a/${accountId}`, "layout");
    return { status: "ok", message: result.assigned ? `Added to the group; ${formatCount(result.assigned, noun("subscription"))} assigned.` : "Added to the group.", at: Date.now() };
  },
);
