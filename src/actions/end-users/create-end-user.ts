"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { endUserSchema } from "@/server/end-users/end-user-input";
import { createEndUser } from "@/server/end-users/create-end-user";

export const createEndUserAction = portalAction(z.object({ accountId: idSchema }).and(endUserSchema), async ({ accountId, ...input }, actor) => {
  const user = await createEndUser(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}/end-users`);
  return { status: "ok", message: `End user ${user.name} created.`, at: Date.now() };
});
