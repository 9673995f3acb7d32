import "server-only";
import type { AccountKind, AccountStatus, Prisma } from "@/generated/prisma/client";
import { toPage, type Page } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "./get-account-in-reach";
import { containsText } from "@/server/db/text-filters";

export const CHILD_ACCOUNT_SORTS = ["name", "kind", "status", "createdAt"] as const;
export type ChildAccountSort = (typeof CHILD_ACCOUNT_SORTS)[number];

export interface ChildAccountFilters {
  q?: string;
  kind?: AccountKind;
  status?: AccountStatus;
  sort: ChildAccountSort;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
}

export interface ChildAccountRow {
  id: string;
  name: string;
  kind: AccountKind;
  status: AccountStatus;
  trialEndsOn: Date | null;
  userCenterId: string | null;
  billingTimezone: string;
  createdAt: Date;
  childCount: number;
  userCount: number;
}

/** "Manage Accounts": the direct children of an account the caller reaches. */
export async function listChildAccounts(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: ChildAccountFilters },
): Promise<Page<ChildAccountRow>> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  const { filters } = options;
  const where: Prisma.AccountWhereInput = {
    parentId: account.id,
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.q
      ? {
          OR: [
            { name: containsText(filters.q) },
            { userCenterId: containsText(filters.q) },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.account.count({ where }),
    db.account.findMany({
      where,
      orderBy: [{ [filters.sort]: filters.dir }, { name: "asc" }, { id: "asc" }],
      skip: (filters.page - 1) * filters.pageSize,
      take: filters.pageSize,
      include: { _count: { select: { children: true, memberships: true } } },
    }),
  ]);
  return toPage(
    rows.map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      status: row.status,
      trialEndsOn: row.trialEndsOn,
      userCenterId: row.userCenterId,
      billingTimezone: row.billingTimezone,
      createdAt: row.createdAt,
      childCount: row._count.children,
      userCount: row._count.memberships,
    })),
    total,
    filters.page,
    filters.pageSize,
  );
}
