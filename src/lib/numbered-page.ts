/** One page of a list held whole in memory (a report's rows), with where it sits. */
export interface NumberedPage<T> {
  rows: T[];
  /** 1-based position of the page's first row. */
  first: number;
  page: number;
  pages: number;
  total: number;
}

/**
 * `?<param>=N` (1-based) for a list held whole in memory (a report's rows): anything that is not
 * a page number, or a page past the end, is the first page (docs/lists.md#numbered-pages).
 */
export function pageOfRows<T>(rows: readonly T[], requested: string | undefined, size: number): NumberedPage<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const asked = requested && /^\d{1,6}$/.test(requested) ? Number(requested) : 1;
  const page = asked >= 1 && asked <= pages ? asked : 1;
  const first = (page - 1) * size;
  return { rows: rows.slice(first, first + size), first: first + 1, page, pages, total: rows.length };
}
