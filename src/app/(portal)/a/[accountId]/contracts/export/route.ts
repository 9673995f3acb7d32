import { exportRoute } from "@/server/edge/export-route";
import { parseListParams } from "@/lib/list-params";
import { contractFiltersToParams, parseContractFilters } from "@/server/contracts/contract-filters";
import { CONTRACT_EXPORT_COLUMNS } from "@/server/contracts/contract-export-columns";
import { CONTRACT_SORTS, iterateContracts } from "@/server/contracts/list-contracts";
import { db } from "@/server/db";

export const GET = exportRoute(({ actor, account, params }) => {
  const search = Object.fromEntries(params);
  const list = parseListParams(search, { sortKeys: CONTRACT_SORTS, defaultSort: "service" });
  const filters = parseContractFilters(search, list);
  return {
    name: "contracts",
    sheetName: "Services & Contracts",
    columns: CONTRACT_EXPORT_COLUMNS,
    rows: iterateContracts(db, { actor, accountId: account.id, filters }),
    params: { ...contractFiltersToParams(filters), sort: list.sort, dir: list.dir },
  };
});
