import "server-only";
import type { UserGroup } from "@/generated/prisma/client";
import { AppError, invalid, isUniqueViolation, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { syncPackageAssignments } from "@/server/subscriptions/sync-package-assignments";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import type { GroupInput } from "./end-user-input";

const groupNameTaken = () =>
  new AppError("CONFLICT", "This customer already has a group with that name.", {
    reason: "GROUP_EXISTS",
    fieldErrors: { name: ["This customer already has a group with that name."] },
  });

export async function groupOf(db: DbTx, accountId: string, groupId: string): Promise<UserGroup> {
  if (!isUuid(groupId)) throw notFound("Group");
  const group = await db.userGroup.findFirst({ where: { id: groupId, accountId } });
  if (!group) throw notFound("Group");
  return group;
}

async function withNameCheck<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw groupNameTaken();
    throw error;
  }
}

export async function createGroup(db: Db, options: { actor: Actor; accountId: string; input: GroupInput }): Promise<UserGroup> {
  const { actor, input } = options;
  return withNameCheck(() =>
    db.$transaction(async (tx) => {
      const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
      const group = await tx.userGroup.create({ data: { accountId: account.id, name: input.name, description: input.description } });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "user_group.created",
        objectType: "user_group",
        objectId: group.id,
        after: { name: group.name, description: group.description },
      });
      return group;
    }),
  );
}

export async function updateGroup(
  db: Db,
  options: { actor: Actor; accountId: string; groupId: string; input: GroupInput },
): Promise<UserGroup> {
  const { actor, input } = options;
  return withNameCheck(() =>
    db.$transaction(async (tx) => {
      const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
      const group = await groupOf(tx, account.id, options.groupId);
      const diff = changedFields(group, { name: input.name, description: input.description });
      if (Object.keys(diff.after).length === 0) return group;
      const updated = await tx.userGroup.update({ where: { id: group.id }, data: { name: input.name, description: input.description } });
      await recordAuditEvent(tx, actor, { accountId: account.id, action: "user_group.updated", objectType: "user_group", objectId: group.id, ...diff });
      return updated;
    }),
  );
}

/** Deletes a group: its members lose the subscriptions it gave them (unless another group covers them). */
export async function deleteGroup(db: Db, options: { actor: Actor; accountId: string; groupId: string; now?: Date }): Promise<void> {
  const { actor } = options;
  await db.$transaction(async (tx) => {
    const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
    const group = await groupOf(tx, account.id, options.groupId);
    const members = await tx.userGroupMember.findMany({ where: { groupId: group.id }, select: { endUserId: true } });
    await tx.userGroup.delete({ where: { id: group.id } });
    const changes = await syncPackageAssignments(tx, {
      accountId: account.id,
      now: options.now ?? new Date(),
      endUserIds: members.map((member) => member.endUserId),
    });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "user_group.deleted",
      objectType: "user_group",
      objectId: group.id,
      before: { name: group.name, members: members.length },
      after: { unassigned: changes.unassigned },
    });
  });
}

/**
 * Adds end users to a group; each is assigned every subscription attached to
 * it at once. Users already in the group are left as they are.
 */
export async function addGroupMembers(
  db: Db,
  options: { actor: Actor; accountId: string; groupId: string; endUserIds: string[]; now?: Date },
): Promise<{ added: number; assigned: number }> {
  const { actor } = options;
  if (options.endUserIds.length === 0) throw invalid("Choose at least one end user.", { endUserIds: ["Choose at least one end user."] });
  return db.$transaction(async (tx) => {
    const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
    const group = await groupOf(tx, account.id, options.groupId);
    const ids = [...new Set(options.endUserIds)];
    // Same customer only: a membership never points into another tenant.
    const users = ids.every(isUuid)
      ? await tx.endUser.findMany({ where: { id: { in: ids }, accountId: account.id }, select: { id: true, externalId: true } })
      : [];
    if (users.length !== ids.length) throw invalid("Choose end users of this customer.", { endUserIds: ["Unknown end user."] });
    const created = await tx.userGroupMember.createMany({
      data: users.map((user) => ({ accountId: account.id, groupId: group.id, endUserId: user.id })),
      skipDuplicates: true,
    });
    const changes = await syncPackageAssignments(tx, { accountId: account.id, now: options.now ?? new Date(), endUserIds: ids });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "user_group.members_added",
      objectType: "user_group",
      objectId: group.id,
      after: { group: group.name, endUsers: users.map((user) => user.externalId), assigned: changes.assigned },
    });
    return { added: created.count, assigned: changes.assigned };
  });
}

/** Removes an end user from a group; subscriptions only that group gave are unassigned. */
export async function removeGroupMember(
  db: Db,
  options: { actor: Actor; accountId: string; groupId: string; endUserId: string; now?: Date },
): Promise<{ unassigned: number }> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
    const group = await groupOf(tx, account.id, options.groupId);
    if (!isUuid(options.endUserId)) throw notFound("Group member");
    const removed = await tx.userGroupMember.deleteMany({ where: { groupId: group.id, endUserId: options.endUserId, accountId: account.id } });
    if (removed.count === 0) throw notFound("Group member");
    const endUser = await tx.endUser.findUniqueOrThrow({ where: { id: options.endUserId }, select: { externalId: true } });
    const changes = await syncPackageAssignments(tx, { accountId: account.id, now: options.now ?? new Date(), endUserIds: [options.endUserId] });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "user_group.member_removed",
      objectType: "user_group",
      objectId: group.id,
      after: { group: group.name, endUser: endUser.externalId, unassigned: changes.unassigned },
    });
    return { unassigned: changes.unassigned };
  });
}
