import { z } from "zod";
import { readStringParam } from "@/lib/list-params";
import type { AuditFilters } from "./list-audit-events";

type SearchParams = Record<string, string | string[] | undefined>;

const isoDate = z.iso.date();

/** Audit filters from a URL; malformed dates are ignored rather than failing the page. */
export function parseAuditFilters(params: SearchParams): AuditFilters {
  const date = (key: string) => {
    const value = readStringParam(params, key);
    return value && isoDate.safeParse(value).success ? value : undefined;
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
