import { parseListParams, readEnumParam, readStringParam } from "@/lib/list-params";
import { DEVICE_SORTS, type DeviceFilters } from "@/server/devices/list-devices";

type SearchParams = Record<string, string | string[] | undefined>;

export function parseDeviceFilters(params: SearchParams) {
  const list = parseListParams(params, { sortKeys: DEVICE_SORTS, defaultSort: "lastSeen", defaultDir: "desc" });
  const silent = Number(readStringParam(params, "silent"));
  const filters: DeviceFilters = {
    q: list.q || undefined,
    kind: readEnumParam(params, "kind", ["GATEWAY", "ENDPOINT", "USER_SEAT", "ACCESS_POINT"] as const),
    pairing: readEnumParam(params, "pairing", ["paired", "standalone"] as const),
    silentDays: [1, 7, 30].includes(silent) ? silent : undefined,
    sort: list.sort,
    dir: list.dir,
  };
  return { list, filters };
}

export function deviceFiltersToParams(filters: DeviceFilters): Record<string, string | undefined> {
  return { q: filters.q, kind: filters.kind, pairing: filters.pairing, silent: filters.silentDays ? String(filters.silentDays) : undefined };
}
