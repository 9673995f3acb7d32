import "server-only";
import type { UserGroup } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import type { GroupInput } from "./end-user-input";
import { withNameCheck } from "./group-name-taken";

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
