import { exportRoute } from "@/server/edge/export-route";
import { GATEWAY_STATUS_LABEL, LICENCE_TYPE_LABEL } from "@/lib/labels";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";
import { iterateGateways, type GatewayRow } from "@/server/gateways/list-gateways";
import { gatewayFiltersToParams, parseGatewayFilters } from "../gateway-filters";

const COLUMNS: ExportColumn<GatewayRow>[] = [
  { header: "Name", type: "text", value: (row) => row.name, width: 28 },
  { header: "Serial number", type: "text", value: (row) => row.serialNumber, width: 20 },
  { header: "Account", type: "text", value: (row) => row.accountName, width: 28 },
  { header: "Plan", type: "text", value: (row) => row.planName ?? "", width: 24 },
  { header: "Firmware", type: "text", value: (row) => row.firmwareVersion },
  { header: "Last seen (UTC)", type: "date-time", value: (row) => row.lastSeenAt, numFmt: "yyyy-mm-dd hh:mm", width: 18 },
  { header: "Status", type: "text", value: (row) => GATEWAY_STATUS_LABEL[row.status] },
  { header: "License type", type: "text", value: (row) => LICENCE_TYPE_LABEL[row.licenceType], width: 16 },
  { header: "Unlocked from plan", type: "text", value: (row) => (row.planName && !row.lockedToPlan ? "yes" : "no") },
];

export const GET = exportRoute(({ actor, account, params }) => {
  const { filters } = parseGatewayFilters(Object.fromEntries(params));
  return {
    name: "gateways",
    sheetName: "Gateways",
    columns: COLUMNS,
    rows: iterateGateways(db, { actor, accountId: account.id, filters }),
    params: { ...gatewayFiltersToParams(filters), sort: filters.sort, dir: filters.dir },
  };
});
