import Link from "next/link";
import { buttonClasses } from "./button";
import type { Page } from "@/lib/list-params";

const count = new Intl.NumberFormat("en-US");

/** "10,000+" past the cap, the exact figure below it (docs/lists.md#totals). */
export function formatTotal(page: Pick<Page<unknown>, "total" | "totalCapped">): string {
  return `${count.format(page.total)}${page.totalCapped ? "+" : ""}`;
}

/** "Showing 21–40 of 10,000+ devices"; just the page's size when its position is past the cap. */
export function paginationSummary(page: Page<unknown>, noun: string): string {
  if (page.rows.length === 0) return `No ${noun}`;
  const total = formatTotal(page);
  if (page.offset === null) return `Showing ${count.format(page.rows.length)} of ${total} ${noun}`;
  return `Showing ${count.format(page.offset + 1)}–${count.format(page.offset + page.rows.length)} of ${total} ${noun}`;
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
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  page: Page<unknown>;
  noun: string;
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
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 px-1 py-3 text-sm text-slate-600">
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
