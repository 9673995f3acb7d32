import "server-only";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { can } from "@/server/auth/permissions";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { listHeldPackages, type HeldPackage } from "./held-packages";

export interface SubscriptionView extends HeldPackage {
  groups: { id: string; name: string }[];
  /** End users assigned the package now. */
  assignedUsers: number;
}

/** Management / Settings → Subscriptions of a customer: what it holds, the groups each is attached to, how many users have it. */
export async function listSubscriptions(db: DbTx, options: { actor: Actor; accountId: string; now?: Date }) {
  const { account, role } = await customerInReach(db, options.actor, options.accountId, { permission: "account:read" });
  const held = await listHeldPackages(db, account, options.now);
  const [attachments, counts] = await Promise.all([
    db.groupSubscription.findMany({ where: { accountId: account.id }, include: { group: { select: { id: true, name: true } } } }),
    db.packageAssignment.groupBy({ by: ["packageId"], where: { accountId: account.id, unassignedAt: null }, _count: { _all: true } }),
  ]);
  const subscriptions: SubscriptionView[] = held.map((pkg) => ({
    ...pkg,
    groups: attachments.filter((a) => a.packageId === pkg.packageId).map((a) => a.group).sort((a, b) => a.name.localeCompare(b.name)),
    assignedUsers: counts.find((c) => c.packageId === pkg.packageId)?._count._all ?? 0,
  }));
  return { account, role, subscriptions, canAdd: can(options.actor, "contracts:manage", account) };
}
