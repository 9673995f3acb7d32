import "server-only";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { groupOf } from "./group-of";
import { listHeldPackages } from "@/server/subscriptions/held-packages";
import { syncPackageAssignments } from "@/server/subscriptions/sync-package-assignments";

/**
 * Attaches one of the customer's subscriptions to a user group (Management /
 * Settings → Subscriptions → Manage): every member is assigned it now, and
 * members who join later are assigned it when they join.
 */
export async function attachSubscriptionToGroup(
  db: Db,
  options: { actor: Actor; accountId: string; packageId: string; groupId: string; now?: Date },
): Promise<{ assigned: number }> {
  const { actor } = options;
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
    const held = await listHeldPackages(tx, account, now);
    const pkg = held.find((entry) => entry.packageId === options.packageId);
    if (!isUuid(options.packageId) || !pkg) throw notFound("Subscription");
    const group = await groupOf(tx, account.id, options.groupId);
    const existing = await tx.groupSubscription.findUnique({ where: { groupId_packageId: { groupId: group.id, packageId: pkg.packageId } } });
    if (existing) {
      throw new AppError("CONFLICT", `${pkg.name} is already attached to ${group.name}.`, {
        reason: "ALREADY_ATTACHED",
        fieldErrors: { groupId: [`${pkg.name} is already attached to ${group.name}.`] },
      });
    }
    await tx.groupSubscription.create({ data: { accountId: account.id, groupId: group.id, packageId: pkg.packageId, attachedBy: actor.email } });
    const changes = await syncPackageAssignments(tx, { accountId: account.id, now });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "subscription.attached_to_group",
      objectType: "user_group",
      objectId: group.id,
      after: { subscription: pkg.sku, group: group.name, assigned: changes.assigned },
    });
    return { assigned: changes.assigned };
  });
}
