import "server-only";
import type { Prisma, StatementStatus } from "@/generated/prisma/client";
import { dbDateToIso } from "@/lib/dates";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { formatMoney } from "@/lib/money";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import type { DbTx } from "@/server/db";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import { isSeller } from "../seller-charges";

/**
 * Which statements of an account a list shows: those it issued as the seller (what its buyers owe
 * it) or those it received as a buyer (what it owes its seller) — docs/money.md#statements.
 */
export type StatementDirection = "issued" | "received";
export const STATEMENT_DIRECTIONS: readonly StatementDirection[] = ["issued", "received"];

export interface StatementFilters {
  direction: StatementDirection;
  /** "YYYY-MM" */
  month?: string;
  /** Issued statements of one buyer. */
  buyerId?: string;
  status?: StatementStatus;
}

export interface StatementRow {
  id: string;
  number: string | null;
  /** "YYYY-MM" */
  month: string;
  /** The buyer of an issued statement, the seller of a received one, by the name printed on it. */
  counterparty: string;
  status: StatementStatus;
  total: string;
  totalMinor: bigint;
  currency: string;
  sellerAccountId: string;
  buyerAccountId: string;
}

/** The directions an account has: a seller issues, an account with a parent receives. */
export function directionsOf(account: { kind: string; parentId: string | null }): StatementDirection[] {
  return STATEMENT_DIRECTIONS.filter((direction) => (direction === "issued" ? isSeller(account.kind) : account.parentId !== null));
}

const select = { id: true, number: true, month: true, status: true, currency: true, totalMinor: true, buyerName: true, sellerName: true, accountId: true, sellerAccountId: true } satisfies Prisma.StatementSelect;
type Loaded = Prisma.StatementGetPayload<{ select: typeof select }>;
type Part = KeyPart<Loaded, Prisma.StatementWhereInput, Prisma.StatementOrderByWithRelationInput>;

/** Newest month first; issued ones by buyer within a month (docs/lists.md#order). */
const ORDER: Record<StatementDirection, Part[]> = {
  issued: [field("month", "date", "desc", (s) => s.month), field("buyerName", "string", "asc", (s) => s.buyerName), field("id", "uuid", "asc", (s) => s.id)],
  received: [field("month", "date", "desc", (s) => s.month), field("id", "uuid", "asc", (s) => s.id)],
};

/**
 * The Statements list of an account in one direction, keyset paged. Reach inside the query: the
 * account must be in the caller's reach, and a statement is listed only when that account is its
 * seller (issued) or its buyer (received) — so a customer never lists what its seller pays upward.
 */
export async function listStatements(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: StatementFilters; page?: PageRequest; pageSize: number; strictCursor?: boolean },
): Promise<Page<StatementRow>> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "usage:read", account);
  const { filters } = options;
  const where: Prisma.StatementWhereInput = {
    AND: [
      filters.direction === "issued" ? { sellerAccountId: account.id } : { accountId: account.id },
      filters.month ? { month: new Date(`${filters.month}-01T00:00:00Z`) } : {},
      filters.direction === "issued" && filters.buyerId ? { accountId: filters.buyerId } : {},
      filters.status ? { status: filters.status } : {},
    ],
  };
  const parts = ORDER[filters.direction];
  const page = await keysetPage({
    sort: `statements.${filters.direction}`,
    parts,
    where,
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    strictCursor: options.strictCursor,
    findMany: (args) => db.statement.findMany({ ...args, select }),
    count: (args) =>
      db.statement.count({ ...args, orderBy: filters.direction === "issued" ? { sellerAccountId: "asc" } : { accountId: "asc" } }),
  });
  return {
    ...page,
    rows: page.rows.map((row) => ({
      id: row.id,
      number: row.number,
      month: dbDateToIso(row.month).slice(0, 7),
      counterparty: filters.direction === "issued" ? row.buyerName : row.sellerName,
      status: row.status,
      total: formatMoney(row.totalMinor, row.currency),
      totalMinor: row.totalMinor,
      currency: row.currency,
      sellerAccountId: row.sellerAccountId,
      buyerAccountId: row.accountId,
    })),
  };
}

/** The buyer a list is filtered by, by name: a direct child of the account in reach; null when it names none. */
export async function findStatementBuyer(db: DbTx, options: { actor: Actor; accountId: string; buyerId: string }): Promise<{ id: string; name: string } | null> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  return db.account.findFirst({ where: { id: options.buyerId, parentId: account.id }, select: { id: true, name: true } });
}
