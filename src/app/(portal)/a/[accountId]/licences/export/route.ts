import { moduleNames, LICENCE_STATUS_LABEL } from "@/lib/labels";
import { db } from "@/server/db";
import { exportRoute } from "@/server/edge/export-route";
import type { ExportColumn } from "@/server/exports/table-export";
import { iterateLicences, type LicenceRow } from "@/server/locations/list-licences";
import { licenceFiltersToParams, parseLicenceFilters } from "../licence-filters";

/** The same columns as the Licenses list (docs/location-licences.md#licences-list), plus the location. */
const COLUMNS: ExportColumn<LicenceRow>[] = [
  { header: "License Key", type: "text", value: (row) => row.key, width: 32 },
  { header: "Organization", type: "text", value: (row) => row.organization, width: 28 },
  { header: "Location", type: "text", value: (row) => row.locationName, width: 24 },
  { header: "Modules", type: "text", value: (row) => moduleNames(row.modules), width: 36 },
  { header: "APs", type: "integer", value: (row) => row.maxAccessPoints },
  { header: "Rooms", type: "integer", value: (row) => row.maxRooms },
  { header: "Status", type: "text", value: (row) => LICENCE_STATUS_LABEL[row.status], width: 18 },
  { header: "Start date", type: "date", value: (row) => row.startsOn, width: 12 },
  { header: "End date", type: "date", value: (row) => row.endsOn, width: 12 },
];

export const GET = exportRoute(({ actor, account, params }) => {
  const { filters, ending } = parseLicenceFilters(Object.fromEntries(params), account.billingTimezone);
  return {
    name: "licenses",
    sheetName: "Licenses",
    columns: COLUMNS,
    rows: iterateLicences(db, { actor, accountId: account.id, filters }),
    params: { ...licenceFiltersToParams(filters, ending), sort: filters.sort, dir: filters.dir },
  };
});
