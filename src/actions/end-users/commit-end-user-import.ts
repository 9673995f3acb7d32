"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { commitEndUserImport } from "@/server/end-users/end-user-import";

export const commitEndUserImportAction = portalAction(z.object({ accountId: idSchema, importId: idSchema }), async ({ accountId, importId }, actor) => {
  const result = await commitEndUserImport(db, { actor, accountId, importId });
  revalidatePath(`/a/${accountId}`, "layout");
  redirect(`/a/${accountId}/end-users?imported=${result.imported}`);
});
