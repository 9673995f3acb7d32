import { exportRoute } from "@/server/exports/export-route";
import { parseAuditFilters } from "@/server/audit/audit-filters";
import { iterateAuditEvents, type AuditRow } from "@/server/audit/list-audit-events";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";

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

export const GET = exportRoute(
  ({ actor, account, params }) => ({
    name: "audit-log",
    sheetName: "Audit log",
    columns: COLUMNS,
    rows: iterateAuditEvents(db, { actor, accountId: account.id, filters: parseAuditFilters(Object.fromEntries(params)) }),
  }),
  { permission: "audit:read" },
);
