import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import { PAYG_MINIMUM_RANK } from "./firmware-version";
import { getPlanInReach } from "./get-plan-in-reach";

export interface PlanRow {
  id: string;
  name: string;
  licenceType: "SUBSCRIPTION" | "PAYG";
  owner: { id: string; name: string };
  ownedHere: boolean;
  sharedWith: { id: string; name: string } | null;
  gatewayCount: number;
  oldFirmwareCount: number;
}

const select = {
  id: true,
  name: true,
  licenceType: true,
  accountId: true,
  account: { select: { id: true, name: true } },
  sharedWith: { select: { id: true, name: true } },
  _count: { select: { gateways: true } },
} satisfies Prisma.PlanSelect;
type Row = Prisma.PlanGetPayload<{ select: typeof select }>;
type Part = KeyPart<Row, Prisma.PlanWhereInput, Prisma.PlanOrderByWithRelationInput>;

/**
 * Plans of the account, and plans its MSSP shared with it, one keyset page at a
 * time in name order (docs/lists.md). Gateway counts are counted by the database
 * per plan on the page, never by loading the gateways.
 */
export async function listPlans(
  db: DbTx,
  options: { actor: Actor; accountId: string; page?: PageRequest; pageSize?: number; strictCursor?: boolean },
): Promise<Page<PlanRow>> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  const parts: Part[] = [field("name", "string", "asc", (p) => p.name), field("id", "uuid", "asc", (p) => p.id)];
  const page = await keysetPage({
    sort: "name.asc",
    parts,
    where: { OR: [{ accountId: account.id }, { sharedWithAccountId: account.id }] },
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize ?? 50,
    findMany: (args) => db.plan.findMany({ ...args, select }),
    count: (args) => db.plan.count({ ...args, orderBy: { accountId: "asc" } }),
    strictCursor: options.strictCursor,
  });
  return { ...page, rows: await toRows(db, page.rows, account.id) };
}

/** One plan the caller sees (owned in reach or shared into it) as a list row; `ownedHere` from the owner's side. */
export async function getPlanRow(db: DbTx, options: { actor: Actor; planId: string }): Promise<PlanRow> {
  const plan = await getPlanInReach(db, options.actor, options.planId);
  const [row] = await toRows(db, [await db.plan.findUniqueOrThrow({ where: { id: plan.id }, select })], plan.accountId);
  return row!;
}

async function toRows(db: DbTx, plans: Row[], viewedFrom: string): Promise<PlanRow[]> {
  // Same rule as View Gateways: gateways following the plan on firmware below R82 (supportsPayg).
  const ids = plans.map((plan) => plan.id);
  const old =
    ids.length === 0
      ? []
      : await db.gateway.groupBy({
          by: ["planId"],
          where: { planId: { in: ids }, lockedToPlan: true, firmwareRank: { lt: PAYG_MINIMUM_RANK } },
          _count: { _all: true },
        });
  const oldByPlan = new Map(old.map((group) => [group.planId, group._count._all]));
  return plans.map((plan) => ({
    id: plan.id,
    name: plan.name,
    licenceType: plan.licenceType,
    owner: plan.account,
    ownedHere: plan.accountId === viewedFrom,
    sharedWith: plan.sharedWith,
    gatewayCount: plan._count.gateways,
    oldFirmwareCount: oldByPlan.get(plan.id) ?? 0,
  }));
}
