import "server-only";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { groupOf } from "./group-of";
import { syncPackageAssignments } from "@/server/subscriptions/sync-package-assignments";

/** Detaches a subscription from a group; members keep it only where another group gives it. */
export async function detachSubscriptionFromGroup(
  db: Db,
  options: { actor: Actor; accountId: string; packageId: string; groupId: string; now?: Date },
): Promise<{ unassigned: number }> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
    const group = await groupOf(tx, account.id, options.groupId);
    if (!isUuid(options.packageId)) throw notFound("Subscription");
    const removed = await tx.groupSubscription.deleteMany({ where: { groupId: group.id, packageId: options.packageId, accountId: account.id } });
    if (removed.count === 0) throw notFound("Subscription");
    const pkg = await tx.package.findUniqueOrThrow({ where: { id: options.packageId }, select: { sku: true } });
    const changes = await syncPackageAssignments(tx, { accountId: account.id, now: options.now ?? new Date() });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "subscription.detached_from_group",
      objectType: "user_group",
      objectId: group.id,
      after: { subscription: pkg.sku, group: group.name, unassigned: changes.unassigned },
    });
    return { unassigned: changes.unassigned };
  });
}
