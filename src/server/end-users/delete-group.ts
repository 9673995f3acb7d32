import "server-only";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { syncPackageAssignments } from "@/server/subscriptions/sync-package-assignments";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { groupOf } from "./group-of";

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
