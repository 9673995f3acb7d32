import { format as formatDate } from "date-fns";
import { invalid } from "@/lib/errors";
import { GATEWAY_STATUS_LABEL, LICENSE_TYPE_LABEL } from "@/lib/plan-labels";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import { portalRoute } from "@/server/auth/portal-route";
import { db } from "@/server/db";
import { parseExportFormat, tableExportResponse, type ExportColumn } from "@/server/exports/table-export";
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

export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const url = new URL(request.url);
  const format = parseExportFormat(url.searchParams.get("format"));
  if (!format) throw invalid("Choose format=xlsx or format=csv.", { format: ["Use xlsx or csv."] });
  const { account, role } = await getAccountInReach(db, actor, params.accountId);
  assertCan(role, "export");
  const { filters } = parseGatewayFilters(Object.fromEntries(url.searchParams));
  return tableExportResponse({
    format,
    filename: `gateways-${account.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${formatDate(new Date(), "yyyyMMdd")}`,
    sheetName: "Gateways",
    columns: COLUMNS,
    rows: iterateGateways(db, { actor, accountId: account.id, filters }),
  });
});
