import Link from "next/link";
import { buttonClasses } from "./button";
import type { Page } from "@/lib/list-params";
import { formatCount, type Noun } from "@/lib/plural";

const count = new Intl.NumberFormat("en-US");

/** "10,000+" past the cap, the exact figure below it (docs/lists.md#totals). */
export function formatTotal(page: Pick<Page<unknown>, "total" | "totalCapped">): string {
  return `${count.format(page.total)}${page.totalCapped ? "+" : ""}`;
}

/**
 * A pager's line: "Showing 21–40 of 10,000+ devices", "Showing 1 of 1 run" (one row),
 * "Showing 20 of 10,000+ devices" when the position is past the cap (`first` null),
 * "No runs". The noun agrees with the total: "1 run", "2 runs", "10,000+ runs".
 */
export function rangeSummary(
  range: { first: number | null; shown: number; total: number; totalCapped?: boolean },
  words: Noun,
): string {
  if (range.shown === 0) return `No ${words.many}`;
  const total = formatCount(range.total, words, range.totalCapped);
  if (range.first === null) return `Showing ${count.format(range.shown)} of ${total}`;
  const last = range.first + range.shown - 1;
  const position = range.shown === 1 ? count.format(range.first) : `${count.format(range.first)}–${count.format(last)}`;
  return `Showing ${position} of ${total}`;
}

/** The summary of one keyset page (docs/lists.md#totals). */
export function paginationSummary(page: Page<unknown>, words: Noun): string {
  return rangeSummary(
    { first: page.offset === null ? null : page.offset + 1, shown: page.rows.length, total: page.total, totalCapped: page.totalCapped },
    words,
  );
}

function PageLink({ href, rel, label, children }: { href: string | null; rel?: string; label: string; children: React.ReactNode }) {
  if (!href) {
    return (
      <span className={buttonClasses("secondary", "sm", "opacity-50")} aria-disabled="true" aria-label={label}>
        {children}
      </span>
    );
  }
  return (
    <Link className={buttonClasses("secondary", "sm")} href={href} rel={rel} aria-label={label}>
      {children}
    </Link>
  );
}

/**
 * First / Previous / Next / Last links that keep every other parameter of the
 * list's URL; pages are addressed by cursor (`after=`, `before=`) or `page=last`.
 */
export function Pagination({
  basePath,
  params,
  page,
  noun,
  label = "Pagination",
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  page: Page<unknown>;
  /** What the list counts, e.g. `noun("run")`: the line says "1 run", "2 runs". */
  noun: Noun;
  /** The navigation's name; a page with several paged lists names each ("Pages of …"). */
  label?: string;
}) {
  const href = (position: Record<string, string>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
    for (const [key, value] of Object.entries(position)) search.set(key, value);
    const query = search.toString();
    return query ? `${basePath}?${query}` : basePath;
  };
  const atStart = page.prev === null;
  const atEnd = page.next === null;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 px-1 py-3 text-sm text-slate-600">
      <div>
        {page.notice && (
          <p role="status" className="font-medium text-amber-800">
            {page.notice}
          </p>
        )}
        <p>{paginationSummary(page, noun)}</p>
      </div>
      <div className="flex items-center gap-2">
        <PageLink href={atStart ? null : href({})} label="First page">
          First
        </PageLink>
        <PageLink href={page.prev ? href({ before: page.prev }) : null} rel="prev" label="Previous page">
          Previous
        </PageLink>
        <PageLink href={page.next ? href({ after: page.next }) : null} rel="next" label="Next page">
          Next
        </PageLink>
        <PageLink href={atEnd ? null : href({ page: "last" })} label="Last page">
          Last
        </PageLink>
      </div>
    </nav>
  );
}
