"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { groupSchema } from "@/server/end-users/end-user-input";
import { updateGroup } from "@/server/end-users/update-group";

export const updateGroupAction = portalAction(z.object({ accountId: idSchema, groupId: idSchema }).and(groupSchema), async ({ accountId, groupId, ...input }, actor) => {
  await updateGroup(db, { actor, accountId, groupId, input });
  revalidatePath(`/a/${accountId}/groups`, "layout");
  return { status: "ok", message: "Changes saved.", at: Date.now() };
});
