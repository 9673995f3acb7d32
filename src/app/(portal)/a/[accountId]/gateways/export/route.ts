import { exportRoute } from "@/server/exports/export-route";
import { GATEWAY_STATUS_LABEL, LICENSE_TYPE_LABEL } from "@/lib/labels";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";
import { iterateGateways, type GatewayRow } from "@/server/plans/list-gateways";
import { parseGatewayFilters } from "../gateway-filters";

const COLUMNS: ExportColumn<GatewayRow>[] = [
  { header: "Name", value: (row) => row.name, width: 28 },
  { header: "Serial number", value: (row) => row.serialNumber, width: 20 },
  { header: "Account", value: (row) => row.accountName, width: 28 },
  { header: "Plan", value: (row) => row.planName ?? "", width: 24 },
  { header: "Firmware", value: (row) => row.firmwareVersion },
  { header: "Last seen (UTC)", value: (row) => row.lastSeenAt, numFmt: "yyyy-mm-dd hh:mm", width: 18 },
  { header: "Status", value: (row) => GATEWAY_STATUS_LABEL[row.status] },
  { header: "License type", value: (row) => LICENSE_TYPE_LABEL[row.licenseType], width: 16 },
  { header: "Unlocked from plan", value: (row) => (row.planName && !row.lockedToPlan ? "yes" : "no") },
];

export const GET = exportRoute(({ actor, account, params }) => ({
  name: "gateways",
  sheetName: "Gateways",
  columns: COLUMNS,
  rows: iterateGateways(db, { actor, accountId: account.id, filters: parseGatewayFilters(Object.fromEntries(params)).filters }),
}));
