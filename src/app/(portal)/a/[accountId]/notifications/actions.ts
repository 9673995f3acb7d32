"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema, optionalIdSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { markNoticesRead } from "@/server/notifications/list-notices";
import { addNotificationRecipient, recipientEmailSchema, removeNotificationRecipient } from "@/server/notifications/manage-recipients";

export const markReadAction = portalAction(z.object({ accountId: idSchema, noticeId: optionalIdSchema }), async ({ accountId, noticeId }, actor) => {
  const count = await markNoticesRead(db, { actor, accountId, noticeIds: noticeId ? [noticeId] : undefined });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: `${count} notification(s) marked as read.`, at: Date.now() };
});

export const addRecipientAction = portalAction(z.object({ accountId: idSchema, email: recipientEmailSchema }), async ({ accountId, email }, actor) => {
  await addNotificationRecipient(db, { actor, accountId, email });
  revalidatePath(`/a/${accountId}/settings`);
  return { status: "ok", message: `${email} will receive this account's notifications.`, at: Date.now() };
});

export const removeRecipientAction = portalAction(z.object({ accountId: idSchema, recipientId: idSchema }), async ({ accountId, recipientId }, actor) => {
  await removeNotificationRecipient(db, { actor, accountId, recipientId });
  revalidatePath(`/a/${accountId}/settings`);
  return { status: "ok", message: "Recipient removed.", at: Date.now() };
});
