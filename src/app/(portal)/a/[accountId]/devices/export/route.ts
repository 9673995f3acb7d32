import { invalid } from "@/lib/errors";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import { portalRoute } from "@/server/auth/portal-route";
import { db } from "@/server/db";
import { iterateDevices, type DeviceRow } from "@/server/devices/list-devices";
import { parseExportFormat, tableExportResponse, type ExportColumn } from "@/server/exports/table-export";
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

export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const url = new URL(request.url);
  const format = parseExportFormat(url.searchParams.get("format"));
  if (!format) throw invalid("Choose format=xlsx or format=csv.", { format: ["Use xlsx or csv."] });
  const { account, role } = await getAccountInReach(db, actor, params.accountId);
  assertCan(role, "export");
  const { filters } = parseDeviceFilters(Object.fromEntries(url.searchParams));
  return tableExportResponse({
    format,
    filename: `devices-${account.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}`,
    sheetName: "Devices",
    columns: COLUMNS,
    rows: iterateDevices(db, { actor, accountId: account.id, filters }),
  });
});
