import { exportRoute } from "@/server/edge/export-route";
import { auditFiltersToParams, parseAuditFilters } from "@/server/audit/audit-filters";
import { iterateAuditEvents, type AuditRow } from "@/server/audit/list-audit-events";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";
import { auditActionLabel, fieldLabel } from "@/lib/labels";

const COLUMNS: ExportColumn<AuditRow>[] = [
  { header: "When (UTC)", type: "date-time", value: (row) => row.createdAt, width: 20 },
  { header: "Account", type: "text", value: (row) => row.accountName, width: 28 },
  { header: "Account ID", type: "text", value: (row) => row.accountId, width: 38 },
  { header: "Actor", type: "text", value: (row) => row.actorLabel, width: 32 },
  { header: "Action", type: "text", value: (row) => auditActionLabel(row.action), width: 30 },
  { header: "Object type", type: "text", value: (row) => fieldLabel(row.objectType) },
  { header: "Object ID", type: "text", value: (row) => row.objectId, width: 38 },
  { header: "Before", type: "text", value: (row) => (row.before ? JSON.stringify(row.before) : ""), width: 40 },
  { header: "After", type: "text", value: (row) => (row.after ? JSON.stringify(row.after) : ""), width: 40 },
];

export const GET = exportRoute(
  ({ actor, account, params }) => {
    const filters = parseAuditFilters(Object.fromEntries(params));
    return {
      name: "audit-log",
      sheetName: "Audit log",
      columns: COLUMNS,
      rows: iterateAuditEvents(db, { actor, accountId: account.id, filters }),
      params: auditFiltersToParams(filters),
    };
  },
  { permission: "audit:read" },
);
