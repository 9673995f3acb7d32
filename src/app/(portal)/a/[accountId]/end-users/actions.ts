"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { chosenIdSchema, idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { endUserSchema } from "@/server/end-users/end-user-input";
import { commitEndUserImport, previewEndUserImport } from "@/server/end-users/end-user-import";
import { createEndUser, updateEndUser } from "@/server/end-users/manage-end-users";
import { addGroupMembers, removeGroupMember } from "@/server/end-users/manage-groups";

const ids = z.object({ accountId: idSchema });

export const createEndUserAction = portalAction(ids.and(endUserSchema), async ({ accountId, ...input }, actor) => {
  const user = await createEndUser(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}/end-users`);
  return { status: "ok", message: `End user ${user.name} created.`, at: Date.now() };
});

export const updateEndUserAction = portalAction(ids.extend({ endUserId: idSchema }).and(endUserSchema), async ({ accountId, endUserId, ...input }, actor) => {
  await updateEndUser(db, { actor, accountId, endUserId, input });
  revalidatePath(`/a/${accountId}/end-users`, "layout");
  return { status: "ok", message: "Changes saved.", at: Date.now() };
});

export const joinGroupAction = portalAction(
  ids.extend({ endUserId: idSchema, groupId: chosenIdSchema("Choose a group.") }),
  async ({ accountId, endUserId, groupId }, actor) => {
    const result = await addGroupMembers(db, { actor, accountId, groupId, endUserIds: [endUserId] });
    revalidatePath(`/a/${accountId}`, "layout");
    return { status: "ok", message: result.assigned ? `Added to the group; ${result.assigned} subscription(s) assigned.` : "Added to the group.", at: Date.now() };
  },
);

export const leaveGroupAction = portalAction(ids.extend({ endUserId: idSchema, groupId: idSchema }), async ({ accountId, endUserId, groupId }, actor) => {
  const result = await removeGroupMember(db, { actor, accountId, groupId, endUserId });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: result.unassigned ? `Removed from the group; ${result.unassigned} subscription(s) unassigned.` : "Removed from the group.", at: Date.now() };
});

export const previewEndUserImportAction = portalAction(
  ids.extend({ file: z.instanceof(File, { message: "Choose a CSV or Excel file." }) }),
  async ({ accountId, file }, actor) => {
    const preview = await previewEndUserImport(db, { actor, accountId, filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    redirect(`/a/${accountId}/end-users/import?preview=${preview.id}`);
  },
);

export const commitEndUserImportAction = portalAction(ids.extend({ importId: idSchema }), async ({ accountId, importId }, actor) => {
  const result = await commitEndUserImport(db, { actor, accountId, importId });
  revalidatePath(`/a/${accountId}`, "layout");
  redirect(`/a/${accountId}/end-users?imported=${result.imported}`);
});
