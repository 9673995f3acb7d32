import "server-only";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";

/*
 * Cursor paging of the public API (docs/api.md#paging) over the lists' own keyset pages: the
 * cursor is the list's own (an opaque string to clients), `nextCursor` is null on the last page.
 */

export function apiPageRequest(cursor: string | undefined): PageRequest {
  return cursor ? { kind: "after", cursor } : FIRST_PAGE;
}

export function apiPage<Row, Json>(page: Pick<Page<Row>, "rows" | "next">, toJson: (row: Row) => Json): { data: Json[]; nextCursor: string | null } {
  return { data: page.rows.map(toJson), nextCursor: page.next };
}
