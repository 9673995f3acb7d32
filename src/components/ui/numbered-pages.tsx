import Link from "next/link";
import type { Noun } from "@/lib/plural";
import { buttonClasses } from "./button";
import { rangeSummary } from "./pagination";

// The page arithmetic is shared with domain code that measures only the page it shows.
export { pageOfRows } from "@/lib/numbered-page";

/** "Showing 51–100 of 1,001 accounts" and First / Previous / Next / Last; nothing when there is one page. */
export function NumberedPages({
  page,
  label,
  noun,
  hrefOf,
}: {
  page: { first: number; page: number; pages: number; total: number; rows: readonly unknown[] };
  label: string;
  /** What the rows are, e.g. `noun("account")`. */
  noun: Noun;
  hrefOf: (page: number) => string;
}) {
  if (page.pages <= 1) return null;
  const links = [
    { text: "First", to: 1 },
    { text: "Previous", to: page.page - 1 },
    { text: "Next", to: page.page + 1 },
    { text: "Last", to: page.pages },
  ];
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 px-1 py-3 text-sm text-slate-600">
      <p>{rangeSummary({ first: page.first, shown: page.rows.length, total: page.total }, noun)}</p>
      <div className="flex items-center gap-2">
        {links.map((link) =>
          link.to < 1 || link.to > page.pages || link.to === page.page ? (
            <span key={link.text} className={buttonClasses("secondary", "sm", "opacity-50")} aria-disabled="true" aria-label={`${link.text} page`}>
              {link.text}
            </span>
          ) : (
            <Link key={link.text} className={buttonClasses("secondary", "sm")} href={hrefOf(link.to)} aria-label={`${link.text} page`}>
              {link.text}
            </Link>
          ),
        )}
      </div>
    </nav>
  );
}
