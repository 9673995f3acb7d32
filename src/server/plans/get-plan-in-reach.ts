import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { isoDateToDb, todayIn } from "@/lib/dates";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";

export const planInclude = {
  account: { select: { id: true, name: true, kind: true, path: true, billingTimezone: true } },
  sharedWith: { select: { id: true, name: true, kind: true, path: true, billingTimezone: true } },
  service: { select: { id: true, name: true, code: true } },
} satisfies Prisma.PlanInclude;

export type LoadedPlan = Prisma.PlanGetPayload<{ include: typeof planInclude }>;

/**
 * A plan the caller can see: one of an account in reach, or shared with an
 * account in reach (a child sees the plan its MSSP shared with it).
 */
export async function getPlanInReach(db: DbTx, actor: Actor, planId: string, options: { lock?: boolean } = {}): Promise<LoadedPlan> {
  if (!isUuid(planId)) throw notFound("Plan");
  if (options.lock) await db.$queryRaw`SELECT id FROM plans WHERE id = ${planId}::uuid FOR UPDATE`;
  const plan = await db.plan.findFirst({
    where: {
      id: planId,
      OR: [{ account: reachableAccountWhere(actor.grants) }, { sharedWith: reachableAccountWhere(actor.grants) }],
    },
    include: planInclude,
  });
  if (!plan) throw notFound("Plan");
  return plan;
}

/** The account whose PAYG contract counts for the plan: the child it is shared with, else its owner. */
export function contractHolder(plan: LoadedPlan) {
  return plan.sharedWith ?? plan.account;
}

export async function hasActivePaygContract(
  db: DbTx,
  account: { id: string; billingTimezone: string },
  serviceId: string,
  now?: Date,
): Promise<boolean> {
  const today = isoDateToDb(todayIn(account.billingTimezone, now));
  const count = await db.contract.count({
    where: {
      accountId: account.id,
      serviceId,
      type: "PAYG",
      canceledAt: null,
      archivedAt: null,
      registeredOn: { lte: today },
      OR: [{ expiresOn: null }, { expiresOn: { gte: today } }],
    },
  });
  return count > 0;
}

/** Kinds of the account's ancestors, from its materialised path. */
export async function ancestorKinds(db: DbTx, path: string) {
  const ids = path.split("/").filter(Boolean).slice(0, -1);
  if (ids.length === 0) return [];
  const rows = await db.account.findMany({ where: { id: { in: ids } }, select: { kind: true } });
  return rows.map((row) => row.kind);
}
