"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { removeNotificationRecipient } from "@/server/notifications/remove-notification-recipient";

export const removeRecipientAction = portalAction(z.object({ accountId: idSchema, recipientId: idSchema }), async ({ accountId, recipientId }, actor) => {
  await removeNotificationRecipient(db, { actor, accountId, recipientId });
  revalidatePath(`/a/${accountId}/settings`);
  return { status: "ok", message: "Recipient removed.", at: Date.now() };
});
