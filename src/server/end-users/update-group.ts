import "server-only";
import type { UserGroup } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import type { GroupInput } from "./end-user-input";
import { groupOf } from "./group-of";
import { withNameCheck } from "./group-name-taken";

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
