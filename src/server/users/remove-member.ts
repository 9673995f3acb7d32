import "server-only";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertAdminRemains } from "./assert-admin-remains";
import { getMembershipInReach } from "./get-membership-in-reach";

/** Removes a membership (the user remains, with their other memberships). */
export async function removeMember(
  db: Db,
  options: { actor: Actor; accountId: string; membershipId: string },
): Promise<void> {
  const { actor } = options;
  await db.$transaction(async (tx) => {
    const { account } = await getAccountInReach(tx, actor, options.accountId);
    assertCan(actor, "users:manage", account);
    const membership = await getMembershipInReach(tx, actor, account.id, options.membershipId);
    await assertAdminRemains(tx, account.id, membership.id);
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "membership.removed",
      objectType: "membership",
      objectId: membership.id,
      before: { email: membership.user.email, role: membership.role },
    });
  });
}
