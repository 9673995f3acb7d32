import { exportRoute } from "@/server/exports/export-route";
import { db } from "@/server/db";
import { iterateDevices, type DeviceRow } from "@/server/devices/list-devices";
import type { ExportColumn } from "@/server/exports/table-export";
import { parseDeviceFilters } from "../device-filters";

const COLUMNS: ExportColumn<DeviceRow>[] = [
  { header: "Device id", value: (row) => row.externalId, width: 30 },
  { header: "Name", value: (row) => row.name ?? "" },
  { header: "Kind", value: (row) => row.kind },
  { header: "Account", value: (row) => row.accountName, width: 28 },
  { header: "Paired to", value: (row) => row.endUser ?? "" },
  { header: "First seen (UTC)", value: (row) => row.firstSeenAt, numFmt: "yyyy-mm-dd hh:mm", width: 18 },
  { header: "Last seen (UTC)", value: (row) => row.lastSeenAt, numFmt: "yyyy-mm-dd hh:mm", width: 18 },
  { header: "Registered by", value: (row) => row.registeredBy },
];

export const GET = exportRoute(({ actor, account, params }) => ({
  name: "devices",
  sheetName: "Devices",
  columns: COLUMNS,
  rows: iterateDevices(db, { actor, accountId: account.id, filters: parseDeviceFilters(Object.fromEntries(params)).filters }),
}));
