import { buttonClasses } from "./button";

/**
 * Download links that carry the list's current filters, so exports match the
 * screen. Plain links (no `download` attribute): a small export answers with
 * the file, which the browser saves without leaving the page; a large one
 * answers with its progress page (docs/exports.md#export-jobs), which the
 * browser must be free to open.
 */
export function ExportLinks({
  href,
  params,
  label,
}: {
  href: string;
  params: Record<string, string | undefined>;
  label: string;
}) {
  const url = (format: "xlsx" | "csv") => {
    const search = new URLSearchParams({ format });
    for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
    return `${href}?${search.toString()}`;
  };
  return (
    <>
      {/* The accessible name starts with the visible text (WCAG 2.5.3 Label in Name). */}
      <a className={buttonClasses("secondary")} href={url("xlsx")}>
        Export Excel<span className="sr-only"> of the {label}</span>
      </a>
      <a className={buttonClasses("secondary")} href={url("csv")}>
        Export CSV<span className="sr-only"> of the {label}</span>
      </a>
    </>
  );
}
