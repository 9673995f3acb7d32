import "server-only";
import { invalid } from "@/lib/errors";
import {
  STALE_PAGE_NOTICE,
  TOTAL_CAP,
  cursorSort,
  decodeCursor,
  encodeCursor,
  type CursorField,
  type CursorValue,
  type Page,
  type PageRequest,
} from "@/lib/list-params";

/**
 * Keyset paging for the lists (docs/lists.md): a page is "the rows after (or
 * before) this row in the list's order", found with a WHERE on the sort key
 * and walked by an index, never an OFFSET that reads every row before it.
 */

type Dir = "asc" | "desc";
type Op = "gt" | "gte" | "lt" | "lte" | "equals";

/** One column of a list's order; the last part of every order is the row id. */
export interface KeyPart<Row, Where, OrderBy> extends CursorField {
  dir: Dir;
  /** The column's value in a loaded row. */
  value(row: Row): CursorValue;
  /** ORDER BY this column; `nulls` is given for nullable columns that can place them. */
  orderBy(dir: Dir, nulls: "first" | "last" | undefined): OrderBy;
  /** column <op> value (value never null). */
  compare(op: Op, value: Exclude<CursorValue, null>): Where;
  /** column IS NULL / IS NOT NULL, for nullable columns. */
  isNull?(): Where;
  isNotNull?(): Where;
  /**
   * Where nulls sort: "high" = after every value ascending (PostgreSQL's default,
   * the only choice for a column reached through a relation), "low" = before.
   */
  nulls?: "high" | "low";
}

type AnyPart<Row, Where, OrderBy> = KeyPart<Row, Where, OrderBy>;

const flip = (dir: Dir): Dir => (dir === "asc" ? "desc" : "asc");

function nullsAtEnd(part: { dir: Dir; nulls?: "high" | "low" }): boolean {
  const high = (part.nulls ?? "high") === "high";
  return part.dir === "asc" ? high : !high;
}

/** A plain column of the row's own table: `field("externalId", "string")`. */
export function field<Row, Where, OrderBy>(
  name: string,
  type: CursorField["type"],
  dir: Dir,
  read: (row: Row) => CursorValue,
  options: { nullable?: boolean; nulls?: "high" | "low" } = {},
): AnyPart<Row, Where, OrderBy> {
  const enumValues = typeof type === "object" ? type.enum : null;
  return {
    type,
    dir,
    nullable: options.nullable,
    nulls: options.nulls,
    value: read,
    orderBy: (direction, nulls) =>
      ({ [name]: options.nullable && nulls ? { sort: direction, nulls } : direction }) as OrderBy,
    compare: (op, value) => {
      // Prisma filters an enum column with equals / in only: "after" = the later members.
      if (enumValues && op !== "equals") {
        const at = enumValues.indexOf(value as string);
        const from = op === "gt" ? at + 1 : op === "gte" ? at : 0;
        const to = op === "lt" ? at : op === "lte" ? at + 1 : enumValues.length;
        return { [name]: { in: enumValues.slice(from, Math.max(from, to)) } } as Where;
      }
      return { [name]: { [op]: value } } as Where;
    },
    isNull: () => ({ [name]: null }) as Where,
    isNotNull: () => ({ [name]: { not: null } }) as Where,
  };
}

/**
 * A column of a to-one relation (`account.name`); `foreignKey` is the row's own
 * column naming the relation, null when the relation is optional and absent.
 */
export function relationField<Row, Where, OrderBy>(
  relation: string,
  name: string,
  dir: Dir,
  read: (row: Row) => string | null,
  options: { foreignKey?: string } = {},
): AnyPart<Row, Where, OrderBy> {
  const optional = options.foreignKey !== undefined;
  return {
    type: "string",
    dir,
    nullable: optional,
    nulls: "high",
    value: read,
    orderBy: (direction) => ({ [relation]: { [name]: direction } }) as OrderBy,
    compare: (op, value) => ({ [relation]: { is: { [name]: { [op]: value } } } }) as Where,
    ...(optional
      ? {
          isNull: () => ({ [options.foreignKey!]: null }) as Where,
          isNotNull: () => ({ [options.foreignKey!]: { not: null } }) as Where,
        }
      : {}),
  };
}

function never<Where>(): Where {
  return { OR: [] } as Where;
}

/** column = value, null-aware. */
function equal<Row, Where, OrderBy>(part: AnyPart<Row, Where, OrderBy>, value: CursorValue): Where {
  if (value === null) return part.isNull ? part.isNull() : never<Where>();
  return part.compare("equals", value);
}

/** Rows that come strictly after the value in this column's order. */
function beyond<Row, Where, OrderBy>(part: AnyPart<Row, Where, OrderBy>, value: CursorValue): Where {
  const atEnd = nullsAtEnd(part);
  if (value === null) return atEnd ? never<Where>() : part.isNotNull!();
  const compared = part.compare(part.dir === "asc" ? "gt" : "lt", value);
  return atEnd && part.nullable && part.isNull ? ({ OR: [compared, part.isNull()] } as Where) : compared;
}

/**
 * (k1, k2, …, id) after the cursor: k1 beyond, or k1 equal and k2 beyond, …
 * PostgreSQL cannot walk an index with that OR alone (Prisma has no row-value
 * comparison), so a plain bound on the first column (k1 >= v1) goes beside it
 * as the index condition — except where nulls follow the values, where the
 * bound would need an OR of its own.
 */
function afterWhere<Row, Where, OrderBy>(parts: AnyPart<Row, Where, OrderBy>[], values: CursorValue[]): Where {
  const branches: Where[] = parts.map((part, index) => {
    const equalSoFar = parts.slice(0, index).map((earlier, at) => equal(earlier, values[at]!));
    return { AND: [...equalSoFar, beyond(part, values[index]!)] } as Where;
  });
  const [lead] = parts;
  const leadValue = values[0];
  const bound =
    lead && leadValue !== null && leadValue !== undefined && !(lead.nullable && nullsAtEnd(lead))
      ? [lead.compare(lead.dir === "asc" ? "gte" : "lte", leadValue)]
      : [];
  return { AND: [...bound, { OR: branches }] } as Where;
}

function reversed<Row, Where, OrderBy>(parts: AnyPart<Row, Where, OrderBy>[]): AnyPart<Row, Where, OrderBy>[] {
  return parts.map((part) => ({ ...part, dir: flip(part.dir) }));
}

/** The ORDER BY of a key, for callers that read the list's order another way (exports). */
export function keysetOrderBy<Row, Where, OrderBy>(parts: AnyPart<Row, Where, OrderBy>[]): OrderBy[] {
  return orderBy(parts);
}

function orderBy<Row, Where, OrderBy>(parts: AnyPart<Row, Where, OrderBy>[]): OrderBy[] {
  return parts.map((part) => part.orderBy(part.dir, part.nullable ? (nullsAtEnd(part) ? "last" : "first") : undefined));
}

export interface KeysetQuery<Row, Where, OrderBy> {
  /** Names the order in cursors: a cursor made for another sort is stale. */
  sort: string;
  /** The list's order, ending with the row id. */
  parts: AnyPart<Row, Where, OrderBy>[];
  /** The list's filter, reach included. */
  where: Where;
  page: PageRequest;
  pageSize: number;
  findMany(args: { where: Where; orderBy: OrderBy[]; take: number }): Promise<Row[]>;
  /**
   * `count({ where, take, orderBy: { accountId: "asc" } })`: Prisma counts over a
   * LIMITed subquery and orders it (by id unless told); ordered by the tenant key
   * it reads the first rows of an account_id-first index instead of sorting.
   */
  count(args: { where: Where; take: number }): Promise<number>;
  /**
   * The public API's paging (docs/api.md#paging): a cursor that is not one of this list's is
   * refused naming `cursor`, and one with no row after it any more is an empty last page —
   * never the first page again, which would loop a client reading to the end.
   */
  strictCursor?: boolean;
}

function and<Where>(...parts: Where[]): Where {
  return { AND: parts } as Where;
}

/**
 * One page of a list in a constant number of queries: the rows (one more than
 * the page, to know whether another follows), the total counted up to the cap
 * and, for a page in the middle, the rows before it counted up to the cap.
 */
export async function keysetPage<Row, Where, OrderBy>(query: KeysetQuery<Row, Where, OrderBy>): Promise<Page<Row>> {
  const { parts, where, pageSize, sort } = query;
  const back = reversed(parts);
  const cursorOf = (row: Row) => encodeCursor(sort, parts.map((part) => part.value(row)));
  const countUpTo = (filter: Where) => query.count({ where: filter, take: TOTAL_CAP + 1 });

  const totalPromise = countUpTo(where);
  const request = query.page;
  const values = request.kind === "after" || request.kind === "before" ? decodeCursor(request.cursor, sort, parts) : null;
  const staleCursor = (request.kind === "after" || request.kind === "before") && values === null;
  if (staleCursor && query.strictCursor) throw invalid("That cursor is not one this list gave.", { cursor: ["Pass the nextCursor of the previous page, unchanged."] });

  async function firstPage(notice: string | null): Promise<Omit<Page<Row>, "total" | "totalCapped">> {
    const rows = await query.findMany({ where, orderBy: orderBy(parts), take: pageSize + 1 });
    const more = rows.length > pageSize;
    const shown = rows.slice(0, pageSize);
    return { rows: shown, pageSize, offset: 0, next: more ? cursorOf(shown.at(-1)!) : null, prev: null, notice };
  }

  let result: Omit<Page<Row>, "total" | "totalCapped">;
  if (request.kind === "first" || staleCursor) {
    // A cursor of another sort comes from re-sorting a paged list: the first page, no note.
    const resorted = staleCursor && cursorSort(request.cursor) !== null && cursorSort(request.cursor) !== sort;
    result = await firstPage(staleCursor && !resorted ? STALE_PAGE_NOTICE : null);
  } else if (request.kind === "last") {
    const rows = (await query.findMany({ where, orderBy: orderBy(back), take: pageSize + 1 })).reverse();
    const more = rows.length > pageSize;
    const shown = more ? rows.slice(1) : rows;
    result = { rows: shown, pageSize, offset: null, next: null, prev: more ? cursorOf(shown[0]!) : null, notice: null };
  } else if (request.kind === "after") {
    const rows = await query.findMany({ where: and(where, afterWhere(parts, values!)), orderBy: orderBy(parts), take: pageSize + 1 });
    if (rows.length === 0 && query.strictCursor) {
      result = { rows: [], pageSize, offset: null, next: null, prev: null, notice: null };
    } else if (rows.length === 0) {
      result = await firstPage(STALE_PAGE_NOTICE);
    } else {
      const more = rows.length > pageSize;
      const shown = rows.slice(0, pageSize);
      result = { rows: shown, pageSize, offset: null, next: more ? cursorOf(shown.at(-1)!) : null, prev: cursorOf(shown[0]!), notice: null };
    }
  } else {
    const rows = (await query.findMany({ where: and(where, afterWhere(back, values!)), orderBy: orderBy(back), take: pageSize + 1 })).reverse();
    if (rows.length <= pageSize) {
      // Reached the start: show the first page whole (rows may have come or gone).
      result = await firstPage(rows.length === 0 ? STALE_PAGE_NOTICE : null);
    } else {
      const shown = rows.slice(1);
      result = { rows: shown, pageSize, offset: null, next: cursorOf(shown.at(-1)!), prev: cursorOf(shown[0]!), notice: null };
    }
  }

  const counted = await totalPromise;
  const totalCapped = counted > TOTAL_CAP;
  const total = totalCapped ? TOTAL_CAP : counted;
  let offset = result.offset;
  if (offset === null && result.next === null && !totalCapped) offset = Math.max(0, total - result.rows.length);
  if (offset === null && result.rows.length > 0 && result.next !== null) {
    // A middle page: its position is the number of rows before its first row.
    const firstValues = parts.map((part) => part.value(result.rows[0]!));
    const before = await countUpTo(and(where, afterWhere(back, firstValues)));
    offset = before > TOTAL_CAP ? null : before;
  }
  // Nothing before it after all (a cursor that pointed before the first row).
  const prev = offset === 0 ? null : result.prev;
  return { ...result, prev, offset, total, totalCapped };
}
