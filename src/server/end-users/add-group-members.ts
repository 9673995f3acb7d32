import "server-only";
import { invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { syncPackageAssignments } from "@/server/subscriptions/sync-package-assignments";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { groupOf } from "./group-of";

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
