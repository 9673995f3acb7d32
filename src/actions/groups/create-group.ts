"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { groupSchema } from "@/server/end-users/end-user-input";
import { createGroup } from "@/server/end-users/create-group";

export const createGroupAction = portalAction(z.object({ accountId: idSchema }).and(groupSchema), async ({ accountId, ...input }, actor) => {
  const group = await createGroup(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}/groups`);
  return { status: "ok", message: `Group ${group.name} created.`, at: Date.now() };
});
