"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema, optionalIdSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { markNoticesRead } from "@/server/notifications/list-notices";
import { formatCount, noun } from "@/lib/plural";

export const markReadAction = portalAction(z.object({ accountId: idSchema, noticeId: optionalIdSchema }), async ({ accountId, noticeId }, actor) => {
  const count = await markNoticesRead(db, { actor, accountId, noticeIds: noticeId ? [noticeId] : undefined });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: `${formatCount(count, noun("notification"))} marked as read.`, at: Date.now() };
});
