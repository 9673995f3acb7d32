"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { addNotificationRecipient, recipientEmailSchema } from "@/server/notifications/add-notification-recipient";

export const addRecipientAction = portalAction(z.object({ accountId: idSchema, email: recipientEmailSchema }), async ({ accountId, email }, actor) => {
  await addNotificationRecipient(db, { actor, accountId, email });
  revalidatePath(`/a/${accountId}/settings`);
  return { status: "ok", message: `${email} will receive this account's notifications.`, at: Date.now() };
});
