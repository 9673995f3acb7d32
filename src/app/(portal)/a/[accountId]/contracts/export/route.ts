import { exportRoute } from "@/server/exports/export-route";
import { parseListParams } from "@/lib/list-params";
import { parseContractFilters } from "@/server/contracts/contract-filters";
import { CONTRACT_EXPORT_COLUMNS } from "@/server/contracts/contract-export-columns";
import { CONTRACT_SORTS, iterateContracts } from "@/server/contracts/list-contracts";
import { db } from "@/server/db";

export const GET = exportRoute(({ actor, account, params }) => {
  const search = Object.fromEntries(params);
  const filters = parseContractFilters(search, parseListParams(search, { sortKeys: CONTRACT_SORTS, defaultSort: "service" }));
  return {
    name: "contracts",
    sheetName: "Services & Contracts",
    columns: CONTRACT_EXPORT_COLUMNS,
    rows: iterateContracts(db, { actor, accountId: account.id, filters }),
  };
});
