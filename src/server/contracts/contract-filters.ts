import { isUuid } from "@/lib/ids";
import { readEnumParam, readStringParam } from "@/lib/list-params";
import type { ContractFilters, ContractSort } from "./list-contracts";

type SearchParams = Record<string, string | string[] | undefined>;

const TYPES = ["PAYG", "NFR", "SUBSCRIPTION", "TRIAL", "EVALUATION"] as const;
const STATUSES = ["ACTIVE", "ABOUT_TO_EXPIRE", "EXPIRED", "CANCELED"] as const;

/** The contract list's filters from a URL (the page and its exports read the same ones). */
export function parseContractFilters(params: SearchParams, list: { sort: ContractSort; dir: "asc" | "desc" }): ContractFilters {
  const service = readStringParam(params, "service");
  return {
    type: readEnumParam(params, "type", TYPES),
    status: readEnumParam(params, "status", STATUSES),
    serviceId: service && isUuid(service) ? service : undefined,
    showArchived: readStringParam(params, "archived") === "1",
    sort: list.sort,
    dir: list.dir,
  };
}

export function contractFiltersToParams(filters: ContractFilters): Record<string, string | undefined> {
  return {
    type: filters.type,
    status: filters.status,
    service: filters.serviceId,
    archived: filters.showArchived ? "1" : undefined,
  };
}
