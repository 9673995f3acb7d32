import { exportRoute } from "@/server/edge/export-route";
import { db } from "@/server/db";
import { iterateDevices, type DeviceRow } from "@/server/devices/list-devices";
import type { ExportColumn } from "@/server/exports/table-export";
import { deviceFiltersToParams, parseDeviceFilters } from "../device-filters";

const COLUMNS: ExportColumn<DeviceRow>[] = [
  { header: "Device id", type: "text", value: (row) => row.externalId, width: 30 },
  { header: "Name", type: "text", value: (row) => row.name ?? "" },
  { header: "Kind", type: "text", value: (row) => row.kind },
  { header: "Account", type: "text", value: (row) => row.accountName, width: 28 },
  { header: "Paired to", type: "text", value: (row) => row.endUser ?? "" },
  { header: "First seen (UTC)", type: "date-time", value: (row) => row.firstSeenAt, numFmt: "yyyy-mm-dd hh:mm", width: 18 },
  { header: "Last seen (UTC)", type: "date-time", value: (row) => row.lastSeenAt, numFmt: "yyyy-mm-dd hh:mm", width: 18 },
  { header: "Registered by", type: "text", value: (row) => row.registeredBy },
];

export const GET = exportRoute(({ actor, account, params }) => {
  const { filters } = parseDeviceFilters(Object.fromEntries(params));
  return {
    name: "devices",
    sheetName: "Devices",
    columns: COLUMNS,
    rows: iterateDevices(db, { actor, accountId: account.id, filters }),
    params: { ...deviceFiltersToParams(filters), sort: filters.sort, dir: filters.dir },
  };
});
