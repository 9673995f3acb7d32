import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { isStorableText } from "@/lib/input-schemas";

/*
 * Prisma turns `contains`, `startsWith` and insensitive `equals` into LIKE / ILIKE
 * and passes the value on as a pattern, so a `%` or `_` typed into a search would
 * match anything. Every text filter built from what a person typed goes through
 * these helpers instead (docs/input-validation.md).
 */

/** Escapes LIKE metacharacters with PostgreSQL's default escape character, the backslash. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Text no row can hold (a NUL, a lone surrogate) matches no row; PostgreSQL would
 * refuse the query instead, so the filter is decided here: an empty `in` matches nothing.
 */
const NOTHING: Prisma.StringFilter = { in: [] };

/** Rows whose column contains `value` literally, ignoring case. */
export function containsText(value: string): Prisma.StringFilter {
  return isStorableText(value) ? { contains: escapeLike(value), mode: "insensitive" } : NOTHING;
}

/** Rows whose column starts with `value` literally (case as typed). */
export function startsWithText(value: string): Prisma.StringFilter {
  return isStorableText(value) ? { startsWith: escapeLike(value) } : NOTHING;
}

/** Rows whose column equals `value` exactly. */
export function equalsText(value: string): Prisma.StringFilter {
  return isStorableText(value) ? { equals: value } : NOTHING;
}

/** Rows whose column equals `value` ignoring case (Prisma compares with ILIKE here, so it is escaped too). */
export function equalsTextIgnoringCase(value: string): Prisma.StringFilter {
  return isStorableText(value) ? { equals: escapeLike(value), mode: "insensitive" } : NOTHING;
}
