import { buttonClasses } from "./button";

/** Download links that carry the list's current filters, so exports match the screen. */
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
      <a className={buttonClasses("secondary")} href={url("xlsx")} download aria-label={`Export ${label} to Excel`}>
        Export Excel
      </a>
      <a className={buttonClasses("secondary")} href={url("csv")} download aria-label={`Export ${label} to CSV`}>
        Export CSV
      </a>
    </>
  );
}
