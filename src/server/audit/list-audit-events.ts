import "server-only";
import type { Account, Prisma } from "@/generated/prisma/client";
import { isoDateToDb } from "@/lib/dates";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan, canHaveChildren } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import type pg from "pg";
import { isStorableText } from "@/lib/input-schemas";
import { containsText, equalsText, escapeLike, startsWithText } from "@/server/db/text-filters";
import { plainPoolFor } from "@/server/db/plain-pool";
import { countedRows, once, type CountedRows } from "@/lib/counted-rows";
import { actorSearchIds, countActorSearch, findActorSearchPage, type ActorSearch } from "./actor-search";
import { AUDIT_SQL_COLUMNS, sqlRowToRow, type AuditSqlRow } from "./audit-sql-row";

export interface AuditFilters {
  action?: string;
  actor?: string;
  objectType?: string;
  /** yyyy-MM-dd, inclusive, in UTC. */
  from?: string;
  to?: string;
  /** Include events of accounts below this one. */
  includeChildren: boolean;
}

export interface AuditRow {
  id: string;
  createdAt: Date;
  accountId: string;
  accountName: string;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  before: unknown;
  after: unknown;
}

async function auditAccount(db: DbTx, actor: Actor, accountId: string): Promise<Account> {
  const { account } = await getAccountInReach(db, actor, accountId);
  assertCan(actor, "audit:read", account);
  return account;
}

/**
 * Whether the reach is the account and those below it. An account that cannot have children (a
 * customer) reads its own events by account_id, whose index gives the list's order; reaching them
 * by path, PostgreSQL expected ~1,000 events per account and sorted all 100,000 of the bench's big
 * customer for each page (docs/lists.md#audit-log).
 */
function readsBelow(account: Pick<Account, "kind">, filters: AuditFilters): boolean {
  return filters.includeChildren && canHaveChildren(account.kind);
}

function auditWhereFor(account: Account, filters: AuditFilters): Prisma.AuditEventWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filters.from) createdAt.gte = isoDateToDb(filters.from);
  if (filters.to) createdAt.lt = new Date(isoDateToDb(filters.to).getTime() + 86_400_000);
  return {
    ...(readsBelow(account, filters) ? { account: { path: { startsWith: account.path } } } : { accountId: account.id }),
    ...(filters.action ? { action: startsWithText(filters.action) } : {}),
    ...(filters.actor ? { actorLabel: containsText(filters.actor) } : {}),
    ...(filters.objectType ? { objectType: equalsText(filters.objectType) } : {}),
    ...(filters.from || filters.to ? { createdAt } : {}),
  };
}

type Loaded = Prisma.AuditEventGetPayload<{ include: { account: { select: { name: true } } } }>;
type Where = Prisma.AuditEventWhereInput;
type OrderBy = Prisma.AuditEventOrderByWithRelationInput;

/** Newest first; the id (a sequence) breaks ties between events of one instant. */
const AUDIT_ORDER: KeyPart<Loaded, Where, OrderBy>[] = [
  field("createdAt", "date", "desc", (e) => e.createdAt),
  field("id", "bigint", "desc", (e) => e.id),
];
/** The same order over rows the Actor search reads as SQL (same cursors). */
const SEARCH_ORDER: KeyPart<AuditRow, Where, OrderBy>[] = [
  field("createdAt", "date", "desc", (row) => row.createdAt),
  field("id", "bigint", "desc", (row) => BigInt(row.id)),
];

function toRow(event: Loaded): AuditRow {
  return {
    id: event.id.toString(),
    createdAt: event.createdAt,
    accountId: event.accountId,
    accountName: event.account.name,
    actorLabel: event.actorLabel,
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId,
    before: event.before,
    after: event.after,
  };
}

export async function listAuditEvents(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: AuditFilters; page?: PageRequest; pageSize: number },
): Promise<Page<AuditRow>> {
  const account = await auditAccount(db, options.actor, options.accountId);
  const search = actorSearch(account, options.filters);
  const common = { sort: "createdAt.desc", page: options.page ?? FIRST_PAGE, pageSize: options.pageSize };
  if (search) {
    // The keyset conditions alone go to the search, which adds reach and filters itself.
    return keysetPage({
      ...common,
      parts: SEARCH_ORDER,
      where: {},
      findMany: (args) => findActorSearchPage(db, search, args),
      count: (args) => countActorSearch(db, search, args),
    });
  }
  const page = await keysetPage({
    ...common,
    parts: AUDIT_ORDER,
    where: auditWhereFor(account, options.filters),
    findMany: (args) => db.auditEvent.findMany({ ...args, include: { account: { select: { name: true } } } }),
    count: (args) => db.auditEvent.count({ ...args, orderBy: { accountId: "asc" } }),
  });
  return { ...page, rows: page.rows.map(toRow) };
}

/** An Actor filter is answered by actor-search.ts (docs/lists.md#audit-log). */
function actorSearch(account: Account, filters: AuditFilters): ActorSearch | null {
  return filters.actor ? { account, filters: { ...filters, actor: filters.actor, includeChildren: readsBelow(account, filters) } } : null;
}

/** Up to this many matches, an export with an Actor filter reads its events by id. */
const EXPORT_BY_IDS_LIMIT = 10_000;

/**
 * All matching events, newest first, fetched in keyset batches so an export of
 * any size holds one batch in memory at a time. On PostgreSQL the batches are
 * read through a plain `pg` pool (docs/exports.md#export-memory): the same rows
 * and values, with reach and filters inside the SQL; on PGlite, or inside a
 * transaction, through Prisma.
 */
export function iterateAuditEvents(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: AuditFilters; batchSize?: number },
): CountedRows<AuditRow> {
  const account = once(() => auditAccount(db, options.actor, options.accountId));
  const where = once(async () => auditWhereFor(await account(), options.filters));
  const batchSize = options.batchSize ?? 1000;
  const pool = plainPoolFor(db);
  async function* rowsThroughPrisma(): AsyncGenerator<AuditRow> {
    const filter = await where();
    let cursor: bigint | undefined;
    for (;;) {
      const events = await db.auditEvent.findMany({
        where: cursor === undefined ? filter : { AND: [filter, { id: { lt: cursor } }] },
        include: { account: { select: { name: true } } },
        orderBy: { id: "desc" },
        take: batchSize,
      });
      for (const event of events) yield toRow(event);
      if (events.length < batchSize) return;
      cursor = events[events.length - 1]!.id;
    }
  }
  async function* rowsThroughPg(pool: pg.Pool): AsyncGenerator<AuditRow> {
    const query = auditSql(await account(), options.filters);
    if (!query) return;
    const search = actorSearch(await account(), options.filters);
    // A few matches are read by id; walking the log for them would read every event in reach.
    const ids = search && (await count(EXPORT_BY_IDS_LIMIT + 1)) <= EXPORT_BY_IDS_LIMIT ? await actorSearchIds(db, search, EXPORT_BY_IDS_LIMIT) : null;
    if (ids) {
      for (let at = 0; at < ids.length; at += batchSize) {
        const { rows }: { rows: AuditSqlRow[] } = await pool.query<AuditSqlRow>(
          `${query.sql} AND e.id = ANY($${query.params.length + 1}::bigint[]) ORDER BY e.id DESC`,
          [...query.params, ids.slice(at, at + batchSize)],
        );
        for (const row of rows) yield sqlRowToRow(row);
      }
      return;
    }
    let cursor: string | null = null;
    for (;;) {
      const { rows }: { rows: AuditSqlRow[] } = await pool.query<AuditSqlRow>(
        `${query.sql} AND ($${query.params.length + 1}::bigint IS NULL OR e.id < $${query.params.length + 1}::bigint)
         ORDER BY e.id DESC LIMIT $${query.params.length + 2}`,
        [...query.params, cursor, batchSize],
      );
      for (const row of rows) yield sqlRowToRow(row);
      if (rows.length < batchSize) return;
      cursor = rows[rows.length - 1]!.id;
    }
  }
  // Counted up to a cap when deciding between a download and a job (docs/exports.md#export-jobs).
  async function count(cap?: number): Promise<number> {
    const search = actorSearch(await account(), options.filters);
    return search ? countActorSearch(db, search, { take: cap }) : db.auditEvent.count({ where: await where(), take: cap, orderBy: { accountId: "asc" } });
  }
  return countedRows(pool ? rowsThroughPg(pool) : rowsThroughPrisma(), count);
}

/**
 * The statement `auditWhereFor` makes Prisma write, by hand: reach by the
 * account's path (or the account alone), then the filters as typed (LIKE
 * metacharacters escaped). Null when a filter holds text no row can hold.
 */
function auditSql(account: Pick<Account, "id" | "path" | "kind">, filters: AuditFilters): { sql: string; params: unknown[] } | null {
  const params: unknown[] = [];
  const add = (value: unknown) => `$${params.push(value)}`;
  const conditions = [readsBelow(account, filters) ? `a.path LIKE ${add(`${escapeLike(account.path)}%`)}` : `e.account_id = ${add(account.id)}::uuid`];
  for (const value of [filters.action, filters.actor, filters.objectType]) if (value && !isStorableText(value)) return null;
  if (filters.action) conditions.push(`e.action LIKE ${add(`${escapeLike(filters.action)}%`)}`);
  if (filters.actor) conditions.push(`e.actor_label ILIKE ${add(`%${escapeLike(filters.actor)}%`)}`);
  if (filters.objectType) conditions.push(`e.object_type = ${add(filters.objectType)}`);
  if (filters.from) conditions.push(`e.created_at >= ${add(isoDateToDb(filters.from))}`);
  if (filters.to) conditions.push(`e.created_at < ${add(new Date(isoDateToDb(filters.to).getTime() + 86_400_000))}`);
  return {
    sql: `SELECT ${AUDIT_SQL_COLUMNS}
          FROM audit_events e JOIN accounts a ON a.id = e.account_id
          WHERE ${conditions.join(" AND ")}`,
    params,
  };
}
