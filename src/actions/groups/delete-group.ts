"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { deleteGroup } from "@/server/end-users/delete-group";

export const deleteGroupAction = portalAction(z.object({ accountId: idSchema, groupId: idSchema }), async ({ accountId, groupId }, actor) => {
  await deleteGroup(db, { actor, accountId, groupId });
  revalidatePath(`/a/${accountId}`, "layout");
  redirect(`/a/${accountId}/groups`);
});
