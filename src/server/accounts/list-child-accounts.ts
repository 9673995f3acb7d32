import "server-only";
import { AccountKind, AccountStatus, type Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
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
  page?: PageRequest;
  pageSize: number;
  /** The API's paging: a foreign cursor is refused, a spent one is an empty last page (docs/api.md#paging). */
  strictCursor?: boolean;
}

export interface ChildAccountRow {
  id: string;
  parentId: string | null;
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

const include = { _count: { select: { children: true, memberships: true } } } satisfies Prisma.AccountInclude;
type Loaded = Prisma.AccountGetPayload<{ include: typeof include }>;
type Part = KeyPart<Loaded, Prisma.AccountWhereInput, Prisma.AccountOrderByWithRelationInput>;

/** Each sort's key, then the name, then the id so ties keep one order (docs/lists.md#order). */
const ORDER: Record<ChildAccountSort, (dir: "asc" | "desc") => Part[]> = {
  name: (dir) => [field("name", "string", dir, (a) => a.name)],
  kind: (dir) => [field("kind", { enum: Object.values(AccountKind) }, dir, (a) => a.kind), field("name", "string", "asc", (a) => a.name)],
  status: (dir) => [field("status", { enum: Object.values(AccountStatus) }, dir, (a) => a.status), field("name", "string", "asc", (a) => a.name)],
  createdAt: (dir) => [field("createdAt", "date", dir, (a) => a.createdAt), field("name", "string", "asc", (a) => a.name)],
};

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
  const page = await keysetPage({
    sort: `${filters.sort}.${filters.dir}`,
    parts: [...ORDER[filters.sort](filters.dir), field<Loaded, Prisma.AccountWhereInput, Prisma.AccountOrderByWithRelationInput>("id", "uuid", "asc", (a) => a.id)],
    where,
    page: filters.page ?? FIRST_PAGE,
    pageSize: filters.pageSize,
    findMany: (args) => db.account.findMany({ ...args, include }),
    count: (args) => db.account.count({ ...args, orderBy: { parentId: "asc" } }),
    strictCursor: filters.strictCursor,
  });
  return { ...page, rows: page.rows.map(toRow) };
}

function toRow(row: Loaded): ChildAccountRow {
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    kind: row.kind,
    status: row.status,
    trialEndsOn: row.trialEndsOn,
    userCenterId: row.userCenterId,
    billingTimezone: row.billingTimezone,
    createdAt: row.createdAt,
    childCount: row._count.children,
    userCount: row._count.memberships,
  };
}

/** One account in the caller's reach (their own included) as a Manage Accounts row, for API answers. */
export async function getAccountRow(db: DbTx, options: { actor: Actor; accountId: string }): Promise<ChildAccountRow> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  return toRow(await db.account.findUniqueOrThrow({ where: { id: account.id }, include }));
}
