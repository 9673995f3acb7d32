import { z } from "zod";
import { isUuid } from "./ids";
import { isStorableText } from "./input-schemas";

export const PAGE_SIZES = [10, 20, 50, 100] as const;

/**
 * Totals are counted up to this many rows and shown as "10,000+" beyond: a
 * count never reads more than the cap (docs/lists.md#totals).
 */
export const TOTAL_CAP = 10_000;

/** Shown when a list's cursor no longer lands on a page (docs/lists.md#cursors). */
export const STALE_PAGE_NOTICE = "That page no longer exists; showing the first page.";

/**
 * Which page of a list a URL asks for: the first, the last, the rows after a
 * row or the rows before one (the cursor names that row by its sort key and id).
 */
export type PageRequest =
  | { kind: "first" }
  | { kind: "last" }
  | { kind: "after"; cursor: string }
  | { kind: "before"; cursor: string };

export const FIRST_PAGE: PageRequest = { kind: "first" };

export interface Page<T> {
  rows: T[];
  /** Matching rows, counted up to TOTAL_CAP + 1; `totalCapped` says the count stopped there. */
  total: number;
  totalCapped: boolean;
  pageSize: number;
  /** How many matching rows come before this page, when known (null past the cap). */
  offset: number | null;
  /** Cursor of the last row, when a next page exists. */
  next: string | null;
  /** Cursor of the first row, when a previous page exists. */
  prev: string | null;
  /** A short message for the screen (the asked-for page was gone). */
  notice: string | null;
}

/** The page the helpers return when nothing matches. */
export function emptyPage<T>(pageSize: number): Page<T> {
  return { rows: [], total: 0, totalCapped: false, pageSize, offset: 0, next: null, prev: null, notice: null };
}

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** At most 200 characters, never cutting a character written as a surrogate pair in half. */
function clip(value: string): string {
  return value.length <= 200 ? value : Array.from(value).slice(0, 200).join("");
}

/** Longest cursor accepted from a URL (a sort key of a few text columns plus an id). */
const MAX_CURSOR_LENGTH = 2000;
const cursorToken = z.string().max(MAX_CURSOR_LENGTH).regex(/^[A-Za-z0-9_-]+$/);

/**
 * The page a URL asks for: `after=` / `before=` carry a cursor, `page=last` the
 * last page; anything else — including `page=3` from links made before cursors —
 * is the first page (docs/lists.md#cursors).
 */
export function readPageRequest(params: SearchParams): PageRequest {
  const after = cursorToken.safeParse(first(params.after));
  if (after.success) return { kind: "after", cursor: after.data };
  const before = cursorToken.safeParse(first(params.before));
  if (before.success) return { kind: "before", cursor: before.data };
  if (first(params.page) === "last") return { kind: "last" };
  return FIRST_PAGE;
}

/**
 * Which page of a list a URL shows (`after=` / `before=` / `page=last`, and `pageSize=`), as a
 * query string with nothing else: a form in a row sends it back so that, after its change, the
 * person lands on the same page (docs/lists.md#cursors). Anything malformed is dropped.
 */
export function listPositionQuery(params: SearchParams | URLSearchParams): string {
  const values: SearchParams = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  const request = readPageRequest(values);
  const search = new URLSearchParams();
  if (request.kind === "after" || request.kind === "before") search.set(request.kind, request.cursor);
  if (request.kind === "last") search.set("page", "last");
  const size = Number(first(values.pageSize));
  if ((PAGE_SIZES as readonly number[]).includes(size)) search.set("pageSize", String(size));
  return search.toString();
}

/**
 * Reads list state (search, page, sort) from a URL. Unknown or malformed values
 * fall back to defaults instead of failing: a URL is user input too.
 */
export function parseListParams<S extends string>(
  params: SearchParams,
  options: { sortKeys: readonly S[]; defaultSort: S; defaultDir?: "asc" | "desc"; defaultPageSize?: number },
) {
  const sortSchema = z.enum(options.sortKeys as unknown as [S, ...S[]]).catch(options.defaultSort);
  const pageSize = z.coerce
    .number()
    .int()
    .refine((value) => (PAGE_SIZES as readonly number[]).includes(value))
    .catch(options.defaultPageSize ?? 20)
    .parse(first(params.pageSize));
  return {
    // Kept as typed: the text filters (server/db/text-filters.ts) match it literally,
    // and text no row can hold (a NUL) matches nothing (docs/input-validation.md).
    q: clip((first(params.q) ?? "").trim()),
    page: readPageRequest(params),
    pageSize,
    sort: sortSchema.parse(first(params.sort)),
    dir: z.enum(["asc", "desc"]).catch(options.defaultDir ?? "asc").parse(first(params.dir)),
  };
}

export function readEnumParam<T extends string>(
  params: SearchParams,
  key: string,
  values: readonly T[],
): T | undefined {
  const value = first(params[key]);
  return values.includes(value as T) ? (value as T) : undefined;
}

export function readStringParam(params: SearchParams, key: string): string | undefined {
  const value = first(params[key])?.trim();
  return value ? clip(value) : undefined;
}

/* ------------------------------------------------------------------------ */
/* Cursors                                                                   */
/* ------------------------------------------------------------------------ */

/** One column of a sort key as a cursor carries it. */
export type CursorValueType = "string" | "uuid" | "date" | "int" | "bigint" | { enum: readonly string[] };
export type CursorValue = string | number | bigint | Date | null;

export interface CursorField {
  type: CursorValueType;
  nullable?: boolean;
}

const cursorJson = z.object({
  /** The sort the cursor was made for: a cursor of another sort is stale. */
  s: z.string().max(100),
  k: z.array(z.union([z.string().max(500), z.number(), z.null()])).min(1).max(12),
});

function encodeValue(value: CursorValue): string | number | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeValue(raw: string | number | null, field: CursorField): CursorValue | undefined {
  if (raw === null) return field.nullable ? null : undefined;
  const { type } = field;
  // Every value must be one PostgreSQL takes for the column: a query never fails on a cursor.
  if (type === "string") return typeof raw === "string" && isStorableText(raw) ? raw : undefined;
  if (type === "uuid") return isUuid(raw) ? raw : undefined;
  if (type === "int") return typeof raw === "number" && Number.isInteger(raw) && raw >= INT4_MIN && raw <= INT4_MAX ? raw : undefined;
  if (type === "bigint") {
    if (typeof raw !== "string" || !/^-?\d{1,19}$/.test(raw)) return undefined;
    const value = BigInt(raw);
    return value >= INT8_MIN && value <= INT8_MAX ? value : undefined;
  }
  if (type === "date") {
    if (typeof raw !== "string" || !ISO_INSTANT.test(raw)) return undefined;
    const date = new Date(raw);
    return Number.isNaN(date.getTime()) || date.toISOString() !== raw ? undefined : date;
  }
  return typeof raw === "string" && type.enum.includes(raw) ? raw : undefined;
}

/** A row's sort key as an opaque URL-safe token (base64url of JSON). */
export function encodeCursor(sort: string, values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify({ s: sort, k: values.map(encodeValue) }), "utf8").toString("base64url");
}

/** The sort a well-formed cursor was made for (null when malformed). */
export function cursorSort(token: string): string | null {
  if (!cursorToken.safeParse(token).success) return null;
  try {
    const parsed = cursorJson.safeParse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
    return parsed.success ? parsed.data.s : null;
  } catch {
    return null;
  }
}

/**
 * The sort key in a cursor, or null when the token is malformed, tampered with,
 * made for another sort or does not fit the key's columns — the caller then
 * shows the first page. A cursor only positions the list; it never widens what
 * the query may read.
 */
export function decodeCursor(token: string, sort: string, fields: readonly CursorField[]): CursorValue[] | null {
  if (!cursorToken.safeParse(token).success) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = cursorJson.safeParse(json);
  if (!parsed.success || parsed.data.s !== sort || parsed.data.k.length !== fields.length) return null;
  const values: CursorValue[] = [];
  for (const [index, field] of fields.entries()) {
    const value = decodeValue(parsed.data.k[index]!, field);
    if (value === undefined) return null;
    values.push(value);
  }
  return values;
}
