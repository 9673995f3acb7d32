import Link from "next/link";
import { buttonClasses } from "./button";

/** Previous / next links that keep every other parameter of the list's URL. */
export function Pagination({
  basePath,
  params,
  page,
  pageCount,
  total,
  pageSize,
  noun,
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  noun: string;
}) {
  const href = (target: number) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
    search.set("page", String(target));
    return `${basePath}?${search.toString()}`;
  };
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 px-1 py-3 text-sm text-slate-600">
      <p>
        {total === 0 ? `No ${noun}` : `${from}–${to} of ${total} ${noun}`}
      </p>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Link className={buttonClasses("secondary", "sm")} href={href(page - 1)} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={buttonClasses("secondary", "sm", "opacity-50")} aria-disabled="true">
            Previous
          </span>
        )}
        <span aria-current="page">
          Page {page} of {pageCount}
        </span>
        {page < pageCount ? (
          <Link className={buttonClasses("secondary", "sm")} href={href(page + 1)} rel="next">
            Next
          </Link>
        ) : (
          <span className={buttonClasses("secondary", "sm", "opacity-50")} aria-disabled="true">
            Next
          </span>
        )}
      </div>
    </nav>
  );
}
