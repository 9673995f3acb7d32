import { DATE_WINDOW_MESSAGE, isBoundedDay } from "@/lib/input-schemas";
import { readStringParam } from "@/lib/list-params";
import type { AuditFilters } from "./list-audit-events";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Audit filters from a URL. A date that is malformed or outside the date window
 * (docs/input-validation.md) is left out rather than failing the page, and
 * `refusedAuditDates` names it so the page can say so.
 */
export function parseAuditFilters(params: SearchParams): AuditFilters {
  const date = (key: string) => {
    const value = readStringParam(params, key);
    return isBoundedDay(value) ? value : undefined;
  };
  return {
    action: readStringParam(params, "action"),
    actor: readStringParam(params, "actor"),
    objectType: readStringParam(params, "objectType"),
    from: date("from"),
    to: date("to"),
    includeChildren: readStringParam(params, "scope") !== "self",
  };
}

/** The message for each date filter that was given but left out, e.g. `from=0000-01-01`. */
export function refusedAuditDates(params: SearchParams): string[] {
  return (["from", "to"] as const).flatMap((key) => {
    const value = readStringParam(params, key);
    return value && !isBoundedDay(value) ? [`The "${key === "from" ? "From" : "To"}" date ${JSON.stringify(value)} was ignored: ${DATE_WINDOW_MESSAGE}`] : [];
  });
}

export function auditFiltersToParams(filters: AuditFilters): Record<string, string | undefined> {
  return {
    action: filters.action,
    actor: filters.actor,
    objectType: filters.objectType,
    from: filters.from,
    to: filters.to,
    scope: filters.includeChildren ? undefined : "self",
  };
}
