import { z } from "zod";

export const PAGE_SIZES = [10, 20, 50, 100] as const;

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** At most 200 characters, never cutting a character written as a surrogate pair in half. */
function clip(value: string): string {
  return value.length <= 200 ? value : Array.from(value).slice(0, 200).join("");
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
    page: z.coerce.number().int().min(1).max(100_000).catch(1).parse(first(params.page)),
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

export function toPage<T>(rows: T[], total: number, page: number, pageSize: number): Page<T> {
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
