import { moduleNames, LICENCE_STATUS_LABEL } from "@/lib/labels";
import { db } from "@/server/db";
import { exportRoute } from "@/server/exports/export-route";
import type { ExportColumn } from "@/server/exports/table-export";
import { iterateLicences, type LicenceRow } from "@/server/locations/list-licences";
import { parseLicenceFilters } from "../licence-filters";

/** The same columns as the Licenses list (seed 004), plus the location. */
const COLUMNS: ExportColumn<LicenceRow>[] = [
  { header: "License Key", value: (row) => row.key, width: 32 },
  { header: "Organization", value: (row) => row.organization, width: 28 },
  { header: "Location", value: (row) => row.locationName, width: 24 },
  { header: "Modules", value: (row) => moduleNames(row.modules), width: 36 },
  { header: "APs", value: (row) => row.maxAccessPoints },
  { header: "Rooms", value: (row) => row.maxRooms },
  { header: "Status", value: (row) => LICENCE_STATUS_LABEL[row.status], width: 18 },
  { header: "Start date", value: (row) => row.startsOn, numFmt: "yyyy-mm-dd", width: 12 },
  { header: "End date", value: (row) => row.endsOn, numFmt: "yyyy-mm-dd", width: 12 },
];

export const GET = exportRoute(({ actor, account, params }) => ({
  name: "licenses",
  sheetName: "Licenses",
  columns: COLUMNS,
  rows: iterateLicences(db, { actor, accountId: account.id, filters: parseLicenceFilters(Object.fromEntries(params), account.billingTimezone).filters }),
}));
