import { CONTRACT_STATUS_LABEL, CONTRACT_TYPE_LABEL, SERVICE_STATUS_LABEL } from "@/lib/labels";
import type { ExportColumn } from "@/server/exports/table-export";
import type { ContractRow } from "./list-contracts";

/**
 * The same columns as the Services & Contracts tab, with dates as dates and
 * numbers as numbers. The bulk import reads this file back (parse-contract-file.ts).
 */
export const CONTRACT_EXPORT_COLUMNS: ExportColumn<ContractRow>[] = [
  { header: "Service name", type: "text", value: (row) => row.serviceName, width: 30 },
  { header: "Service Status", type: "text", value: (row) => SERVICE_STATUS_LABEL[row.serviceStatus], width: 20 },
  { header: "Contract type", type: "text", value: (row) => CONTRACT_TYPE_LABEL[row.type], width: 16 },
  { header: "Contracts Status", type: "text", value: (row) => CONTRACT_STATUS_LABEL[row.status], width: 16 },
  { header: "Package (SKU)", type: "text", value: (row) => row.packageSku, width: 18 },
  { header: "AddOns", type: "text", value: (row) => row.addOns.map((addOn) => addOn.sku).join(", "), width: 26 },
  { header: "Quantity threshold", type: "integer", value: (row) => row.quantity, numFmt: "#,##0" },
  { header: "Registration Date", type: "date", value: (row) => row.registeredOn },
  { header: "Expires on", type: "date", value: (row) => row.expiresOn },
  { header: "Contract ID", type: "text", value: (row) => row.contractId },
  { header: "User Center ID", type: "text", value: (row) => row.userCenterId ?? "" },
  { header: "Source", type: "text", value: (row) => (row.source === "USER_CENTER" ? "User Center" : "Portal") },
  { header: "Archived", type: "text", value: (row) => (row.archived ? "yes" : "no") },
];
