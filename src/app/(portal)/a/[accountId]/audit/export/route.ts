import { format as formatDate } from "date-fns";
import { invalid } from "@/lib/errors";
import { parseAuditFilters } from "@/server/audit/audit-filters";
import { iterateAuditEvents, type AuditRow } from "@/server/audit/list-audit-events";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import { portalRoute } from "@/server/auth/portal-route";
import { db } from "@/server/db";
import { parseExportFormat, tableExportResponse, type ExportColumn } from "@/server/exports/table-export";

const COLUMNS: ExportColumn<AuditRow>[] = [
  { header: "When (UTC)", value: (row) => row.createdAt, numFmt: "yyyy-mm-dd hh:mm:ss", width: 20 },
  { header: "Account", value: (row) => row.accountName, width: 28 },
  { header: "Account ID", value: (row) => row.accountId, width: 38 },
  { header: "Actor", value: (row) => row.actorLabel, width: 32 },
  { header: "Action", value: (row) => row.action, width: 26 },
  { header: "Object type", value: (row) => row.objectType },
  { header: "Object ID", value: (row) => row.objectId, width: 38 },
  { header: "Before", value: (row) => (row.before ? JSON.stringify(row.before) : ""), width: 40 },
  { header: "After", value: (row) => (row.after ? JSON.stringify(row.after) : ""), width: 40 },
];

export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const url = new URL(request.url);
  const format = parseExportFormat(url.searchParams.get("format"));
  if (!format) throw invalid("Choose format=xlsx or format=csv.", { format: ["Use xlsx or csv."] });
  const { account, role } = await getAccountInReach(db, actor, params.accountId);
  assertCan(role, "audit:read");
  assertCan(role, "export");
  const filters = parseAuditFilters(Object.fromEntries(url.searchParams));
  return tableExportResponse({
    format,
    filename: `audit-log-${account.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${formatDate(new Date(), "yyyyMMdd")}`,
    sheetName: "Audit log",
    columns: COLUMNS,
    rows: iterateAuditEvents(db, { actor, accountId: account.id, filters }),
  });
});
