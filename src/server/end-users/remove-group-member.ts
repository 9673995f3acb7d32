import "server-only";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { syncPackageAssignments } from "@/server/subscriptions/sync-package-assignments";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { groupOf } from "./group-of";

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
