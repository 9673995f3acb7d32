"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { chosenIdSchema, idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { groupSchema } from "@/server/end-users/end-user-input";
import { addGroupMembers, createGroup, deleteGroup, removeGroupMember, updateGroup } from "@/server/end-users/manage-groups";

const ids = z.object({ accountId: idSchema });

export const createGroupAction = portalAction(ids.and(groupSchema), async ({ accountId, ...input }, actor) => {
  const group = await createGroup(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}/groups`);
  return { status: "ok", message: `Group ${group.name} created.`, at: Date.now() };
});

export const updateGroupAction = portalAction(ids.extend({ groupId: idSchema }).and(groupSchema), async ({ accountId, groupId, ...input }, actor) => {
  await updateGroup(db, { actor, accountId, groupId, input });
  revalidatePath(`/a/${accountId}/groups`, "layout");
  return { status: "ok", message: "Changes saved.", at: Date.now() };
});

export const deleteGroupAction = portalAction(ids.extend({ groupId: idSchema }), async ({ accountId, groupId }, actor) => {
  await deleteGroup(db, { actor, accountId, groupId });
  revalidatePath(`/a/${accountId}`, "layout");
  redirect(`/a/${accountId}/groups`);
});

export const addMemberAction = portalAction(
  ids.extend({ groupId: idSchema, endUserId: chosenIdSchema("Choose an end user.") }),
  async ({ accountId, groupId, endUserId }, actor) => {
    const result = await addGroupMembers(db, { actor, accountId, groupId, endUserIds: [endUserId] });
    revalidatePath(`/a/${accountId}`, "layout");
    return { status: "ok", message: result.assigned ? `Member added; ${result.assigned} subscription(s) assigned.` : "Member added.", at: Date.now() };
  },
);

export const removeMemberAction = portalAction(ids.extend({ groupId: idSchema, endUserId: idSchema }), async ({ accountId, groupId, endUserId }, actor) => {
  const result = await removeGroupMember(db, { actor, accountId, groupId, endUserId });
  revalidatePath(`/a/${accountId}`, "layout");
  return { status: "ok", message: result.unassigned ? `Member removed; ${result.unassigned} subscription(s) unassigned.` : "Member removed.", at: Date.now() };
});
