import "server-only";
import type { Membership, Role } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertAdminRemains } from "./assert-admin-remains";
import { getMembershipInReach } from "./get-membership-in-reach";

export async function changeMemberRole(
  db: Db,
  options: { actor: Actor; accountId: string; membershipId: string; role: Role },
): Promise<Membership> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { account } = await getAccountInReach(tx, actor, options.accountId);
    assertCan(actor, "users:manage", account);
    const membership = await getMembershipInReach(tx, actor, account.id, options.membershipId);
    if (membership.role === options.role) return membership;
    if (options.role !== "ADMIN") await assertAdminRemains(tx, account.id, membership.id);
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role: options.role } });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "membership.role_changed",
      objectType: "membership",
      objectId: membership.id,
      before: { email: membership.user.email, role: membership.role },
      after: { email: membership.user.email, role: options.role },
    });
    return updated;
  });
}
