import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { isoDateToDb } from "@/lib/dates";
import { isStorableText } from "@/lib/input-schemas";
import type { DbTx } from "@/server/db";
import { escapeLike } from "@/server/db/text-filters";
import type { AuditFilters, AuditRow } from "./list-audit-events";
import { AUDIT_SQL_COLUMNS, sqlRowToRow, type AuditSqlRow } from "./audit-sql-row";

/*
 * The Actor filter ("contains", any case) of the audit log (docs/lists.md#audit-log).
 *
 * Who wrote an event is strongly tied to where: a customer's events are its own people's, its
 * MSSP's staff's and the jobs'. PostgreSQL cannot know that, so for `actor_label ILIKE '%x%'` it
 * guesses the share of all events (a quarter on the bench) and walks the list's order expecting a
 * page soon — and reads every event in reach when the typed name never wrote there (4 s for one
 * customer). Here the search first matches the few labels that wrote in each account in reach
 * (`audit_actor_labels`, kept by a trigger), then reads only those (account, label) pairs' events
 * through `audit_events (account_id, actor_label, created_at DESC, id DESC)`: the cost follows the
 * pairs and the page, not the events in reach, whether the name matches few events or most.
 */

/** Whose events and which other filters: the account and `includeChildren` decide the reach. */
export interface ActorSearch {
  account: { id: string; path: string };
  filters: AuditFilters & { actor: string };
}

type Where = Prisma.AuditEventWhereInput;
type Dir = "asc" | "desc";

/** The keyset conditions `keysetPage` adds (on createdAt and id only) as SQL over `e`. */
function cursorSql(where: Where): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  for (const [key, value] of Object.entries(where) as [string, unknown][]) {
    if (value === undefined) continue;
    if (key === "AND") {
      parts.push(allOf((Array.isArray(value) ? value : [value]).map((part: Where) => cursorSql(part))));
    } else if (key === "OR") {
      const branches = (value as Where[]).map((part) => cursorSql(part));
      parts.push(branches.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`(${Prisma.join(branches, " OR ")})`);
    } else if (key === "createdAt" || key === "id") {
      const column = key === "createdAt" ? Prisma.sql`e.created_at` : Prisma.sql`e.id`;
      for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
        const bound = key === "createdAt" ? Prisma.sql`${operand as Date}::timestamptz` : Prisma.sql`${operand as bigint}::bigint`;
        const operator = { lt: "<", lte: "<=", gt: ">", gte: ">=", equals: "=" }[op];
        if (!operator) throw new Error(`Audit actor search: unexpected cursor operator ${op}`);
        parts.push(Prisma.sql`${column} ${Prisma.raw(operator)} ${bound}`);
      }
    } else {
      throw new Error(`Audit actor search: unexpected cursor field ${key}`);
    }
  }
  return allOf(parts);
}

function allOf(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.sql`(${Prisma.join(parts, " AND ")})`;
}

/** The (account, label) pairs in reach whose label contains the search, literally and ignoring case. */
function pairsSql({ account, filters }: ActorSearch): Prisma.Sql {
  const pattern = `%${escapeLike(filters.actor)}%`;
  return filters.includeChildren
    ? Prisma.sql`SELECT l.account_id, l.actor_label FROM audit_actor_labels l JOIN accounts a ON a.id = l.account_id
                 WHERE a.path LIKE ${`${escapeLike(account.path)}%`} AND l.actor_label ILIKE ${pattern}`
    : Prisma.sql`SELECT l.account_id, l.actor_label FROM audit_actor_labels l
                 WHERE l.account_id = ${account.id}::uuid AND l.actor_label ILIKE ${pattern}`;
}

/** One pair's events (`p`) that pass the other filters and the cursor, as conditions over `e`. */
function pairEventsSql({ filters }: ActorSearch, cursor: Where): Prisma.Sql {
  const conditions = [Prisma.sql`e.account_id = p.account_id`, Prisma.sql`e.actor_label = p.actor_label`];
  if (filters.action) conditions.push(Prisma.sql`e.action LIKE ${`${escapeLike(filters.action)}%`}`);
  if (filters.objectType) conditions.push(Prisma.sql`e.object_type = ${filters.objectType}`);
  if (filters.from) conditions.push(Prisma.sql`e.created_at >= ${isoDateToDb(filters.from)}::timestamptz`);
  if (filters.to) conditions.push(Prisma.sql`e.created_at < ${new Date(isoDateToDb(filters.to).getTime() + 86_400_000)}::timestamptz`);
  conditions.push(cursorSql(cursor));
  return Prisma.join(conditions, " AND ");
}

/** Text no event can hold (a NUL, a lone surrogate) matches nothing; PostgreSQL would refuse it. */
function matchesNothing({ filters }: ActorSearch): boolean {
  return [filters.actor, filters.action, filters.objectType].some((value) => value !== undefined && !isStorableText(value));
}

/**
 * The first `take` matching events in the list's order after the cursor (`where`: the keyset
 * conditions only). Each pair's first event is found first (one index probe per pair); the page
 * can only hold events at or beyond the `take`-th of those, so only the pairs that reach it are
 * read further, at most `take` index entries each — an MSSP whose 1,000 customers all match reads
 * ~1,000 probes and a few hundred entries, never the events in reach.
 */
export async function findActorSearchPage(
  db: DbTx,
  search: ActorSearch,
  args: { where: Where; orderBy: Prisma.AuditEventOrderByWithRelationInput[]; take: number },
): Promise<AuditRow[]> {
  if (matchesNothing(search)) return [];
  const dir: Dir = args.orderBy[0]?.createdAt === "asc" ? "asc" : "desc";
  const order = Prisma.raw(dir === "desc" ? "DESC" : "ASC");
  // The `take`-th first event: later (desc) or earlier (asc) events cannot be on the page.
  const reaches = Prisma.raw(dir === "desc" ? ">=" : "<=");
  const unbounded = Prisma.raw(dir === "desc" ? "'-infinity'::timestamptz" : "'infinity'::timestamptz");
  const events = pairEventsSql(search, args.where);
  const rows = await db.$queryRaw<AuditSqlRow[]>`
    WITH pairs AS MATERIALIZED (${pairsSql(search)}),
    heads AS MATERIALIZED (
      SELECT p.account_id, p.actor_label, h.created_at AS head
      FROM pairs p CROSS JOIN LATERAL (
        SELECT e.created_at FROM audit_events e WHERE ${events}
        ORDER BY e.created_at ${order}, e.id ${order} LIMIT 1
      ) h
    ),
    bar AS (SELECT COALESCE((SELECT head FROM heads ORDER BY head ${order} OFFSET ${args.take - 1} LIMIT 1), ${unbounded}) AS at),
    keys AS (
      SELECT k.id, k.created_at
      FROM heads p CROSS JOIN bar CROSS JOIN LATERAL (
        SELECT e.id, e.created_at FROM audit_events e WHERE ${events} AND e.created_at ${reaches} bar.at
        ORDER BY e.created_at ${order}, e.id ${order} LIMIT ${args.take}
      ) k
      WHERE p.head ${reaches} bar.at
      ORDER BY k.created_at ${order}, k.id ${order} LIMIT ${args.take}
    )
    SELECT ${Prisma.raw(AUDIT_SQL_COLUMNS)}
    FROM keys k JOIN audit_events e ON e.id = k.id JOIN accounts a ON a.id = e.account_id
    ORDER BY k.created_at ${order}, k.id ${order}`;
  return rows.map(sqlRowToRow);
}

/**
 * Matching events after the cursor, counted up to `take` when given: one index range per pair,
 * read from the index alone (the other filters aside), stopping at `take`.
 */
export async function countActorSearch(db: DbTx, search: ActorSearch, args: { where?: Where; take?: number }): Promise<number> {
  if (matchesNothing(search)) return 0;
  const events = pairEventsSql(search, args.where ?? {});
  const limit = args.take === undefined ? Prisma.empty : Prisma.sql`LIMIT ${args.take}`;
  const [row] = await db.$queryRaw<{ n: number }[]>`
    WITH pairs AS MATERIALIZED (${pairsSql(search)})
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM pairs p CROSS JOIN LATERAL (SELECT 1 FROM audit_events e WHERE ${events} ${limit}) x ${limit}
    ) counted`;
  return row?.n ?? 0;
}

/**
 * The ids of every matching event, newest first by id (the export's order), when there are at
 * most `limit` of them; null when there are more. An export of a few matches reads them by id
 * instead of walking the whole log for them.
 */
export async function actorSearchIds(db: DbTx, search: ActorSearch, limit: number): Promise<string[] | null> {
  if (matchesNothing(search)) return [];
  const events = pairEventsSql(search, {});
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH pairs AS MATERIALIZED (${pairsSql(search)})
    SELECT id::text AS id FROM (
      SELECT x.id FROM pairs p CROSS JOIN LATERAL (SELECT e.id FROM audit_events e WHERE ${events}) x LIMIT ${limit + 1}
    ) found
    ORDER BY id DESC`;
  return rows.length > limit ? null : rows.map((row) => row.id);
}
