import { isUuid } from "@/lib/ids";
import { parseListParams, readEnumParam, readStringParam } from "@/lib/list-params";
import { GATEWAY_SORTS, type GatewayFilters } from "@/server/gateways/list-gateways";

type SearchParams = Record<string, string | string[] | undefined>;

/** The Gateways list's filters from a URL (page and exports read the same). */
export function parseGatewayFilters(params: SearchParams) {
  const list = parseListParams(params, { sortKeys: GATEWAY_SORTS, defaultSort: "name" });
  const plan = readStringParam(params, "plan");
  const filters: GatewayFilters = {
    q: list.q || undefined,
    licenceType: readEnumParam(params, "licenseType", ["SUBSCRIPTION", "PAYG"] as const),
    planId: plan && isUuid(plan) ? plan : undefined,
    sort: list.sort,
    dir: list.dir,
  };
  return { list, filters };
}

export function gatewayFiltersToParams(filters: GatewayFilters): Record<string, string | undefined> {
  // The URL parameter keeps its published name (licenseType): bookmarks and export links use it.
  return { q: filters.q, licenseType: filters.licenceType, plan: filters.planId };
}
