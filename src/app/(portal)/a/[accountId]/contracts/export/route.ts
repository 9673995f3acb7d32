import { exportRoute } from "@/server/exports/export-route";
import { CONTRACT_STATUS_LABEL, CONTRACT_TYPE_LABEL, SERVICE_STATUS_LABEL } from "@/lib/labels";
import { isoDateToDb } from "@/lib/dates";
import { parseListParams } from "@/lib/list-params";
import { parseContractFilters } from "@/server/contracts/contract-filters";
import { CONTRACT_SORTS, iterateContracts, type ContractRow } from "@/server/contracts/list-contracts";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";

const day = (iso: string | null) => (iso ? isoDateToDb(iso) : null);

/** The same columns as the Services & Contracts tab, with dates as dates and numbers as numbers. */
const COLUMNS: ExportColumn<ContractRow>[] = [
  { header: "Service name", value: (row) => row.serviceName, width: 30 },
  { header: "Service Status", value: (row) => SERVICE_STATUS_LABEL[row.serviceStatus], width: 20 },
  { header: "Contract type", value: (row) => CONTRACT_TYPE_LABEL[row.type], width: 16 },
  { header: "Contracts Status", value: (row) => CONTRACT_STATUS_LABEL[row.status], width: 16 },
  { header: "Package (SKU)", value: (row) => row.packageSku, width: 18 },
  { header: "AddOns", value: (row) => row.addOns.map((addOn) => addOn.sku).join(", "), width: 26 },
  { header: "Quantity threshold", value: (row) => row.quantity, numFmt: "#,##0" },
  { header: "Registration Date", value: (row) => day(row.registeredOn), numFmt: "yyyy-mm-dd" },
  { header: "Expires on", value: (row) => day(row.expiresOn), numFmt: "yyyy-mm-dd" },
  { header: "Contract ID", value: (row) => row.contractId },
  { header: "User Center ID", value: (row) => row.userCenterId ?? "" },
  { header: "Source", value: (row) => (row.source === "USER_CENTER" ? "User Center" : "Portal") },
  { header: "Archived", value: (row) => (row.archived ? "yes" : "no") },
];

export const GET = exportRoute(({ actor, account, params }) => {
  const search = Object.fromEntries(params);
  const filters = parseContractFilters(search, parseListParams(search, { sortKeys: CONTRACT_SORTS, defaultSort: "service" }));
  return {
    name: "contracts",
    sheetName: "Services & Contracts",
    columns: COLUMNS,
    rows: iterateContracts(db, { actor, accountId: account.id, filters }),
  };
});
