import { addDaysIso, todayIn } from "@/lib/dates";
import { isBoundedDay } from "@/lib/input-schemas";
import { LICENCE_MODULE_CODES, LICENCE_STATUSES } from "@/lib/labels";
import { parseListParams, readEnumParam, readStringParam } from "@/lib/list-params";
import { LICENCE_SORTS, type LicenceFilters } from "@/server/locations/list-licences";

type SearchParams = Record<string, string | string[] | undefined>;

/** A day outside the date window (docs/input-validation.md) is ignored like a malformed one. */
const validDay = (value: string | undefined) => (isBoundedDay(value) ? value : undefined);

/** End-date presets: "ending in the next 30 days" and friends, from today in the account's timezone. */
export const ENDING_PRESETS = ["7", "30", "90"] as const;

/**
 * The Licenses list's filters from a URL (page and exports read the same).
 * `ending=30` is the range today … today+30; explicit endFrom/endTo win.
 */
export function parseLicenceFilters(params: SearchParams, timezone: string, now: Date = new Date()) {
  const list = parseListParams(params, { sortKeys: LICENCE_SORTS, defaultSort: "endsOn" });
  const ending = readEnumParam(params, "ending", ENDING_PRESETS);
  const today = todayIn(timezone, now);
  const presetTo = ending ? addDaysIso(today, Number(ending)) : undefined;
  const filters: LicenceFilters = {
    q: list.q || undefined,
    status: readEnumParam(params, "status", LICENCE_STATUSES),
    module: readEnumParam(params, "module", LICENCE_MODULE_CODES),
    unit: readEnumParam(params, "unit", ["ACCESS_POINTS", "ROOMS"] as const),
    endFrom: validDay(readStringParam(params, "endFrom")) ?? (ending ? today : undefined),
    endTo: validDay(readStringParam(params, "endTo")) ?? presetTo,
    sort: list.sort,
    dir: list.dir,
  };
  return { list, filters, ending };
}

export function licenceFiltersToParams(filters: LicenceFilters, ending?: string): Record<string, string | undefined> {
  return {
    q: filters.q,
    status: filters.status,
    module: filters.module,
    unit: filters.unit,
    ...(ending ? { ending } : { endFrom: filters.endFrom, endTo: filters.endTo }),
  };
}
