"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { endUserSchema } from "@/server/end-users/end-user-input";
import { updateEndUser } from "@/server/end-users/update-end-user";

export const updateEndUserAction = portalAction(z.object({ accountId: idSchema, endUserId: idSchema }).and(endUserSchema), async ({ accountId, endUserId, ...input }, actor) => {
  await updateEndUser(db, { actor, accountId, endUserId, input });
  revalidatePath(`/a/${accountId}/end-users`, "layout");
  return { status: "ok", message: "Changes saved.", at: Date.now() };
});
