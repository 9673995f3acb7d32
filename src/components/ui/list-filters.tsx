import { buttonClasses } from "./button";
import { inputClasses } from "./field";

interface SelectFilter {
  name: string;
  label: string;
  value?: string;
  options: { value: string; label: string }[];
}

/**
 * A GET form: filters live in the URL, so a filtered list can be bookmarked,
 * shared and reloaded. Works without JavaScript.
 */
export function ListFilters({
  searchLabel,
  searchPlaceholder,
  q,
  selects = [],
  hidden = {},
  label,
  children,
}: {
  searchLabel?: string;
  searchPlaceholder?: string;
  q?: string;
  selects?: SelectFilter[];
  hidden?: Record<string, string | undefined>;
  /** The form's accessible name, needed when a page has more than one filter form. */
  label?: string;
  children?: React.ReactNode;
}) {
  return (
    <form method="get" role="search" aria-label={label} className="mb-4 flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
      {searchLabel && (
        <div className="min-w-48 flex-1">
          <label htmlFor="filter-q" className="block text-xs font-medium text-slate-600">
            {searchLabel}
          </label>
          <input id="filter-q" name="q" type="search" defaultValue={q} placeholder={searchPlaceholder} className={inputClasses} />
        </div>
      )}
      {selects.map((select) => (
        <div key={select.name} className="min-w-36">
          <label htmlFor={`filter-${select.name}`} className="block text-xs font-medium text-slate-600">
            {select.label}
          </label>
          <select id={`filter-${select.name}`} name={select.name} defaultValue={select.value ?? ""} className={inputClasses}>
            <option value="">All</option>
            {select.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      {children}
      {Object.entries(hidden).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      <button type="submit" className={buttonClasses("secondary")}>
        Apply filters
      </button>
    </form>
  );
}
