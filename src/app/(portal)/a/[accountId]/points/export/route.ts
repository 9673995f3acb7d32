import { exportRoute } from "@/server/edge/export-route";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";
import { getPointsBalance } from "@/server/points/points-ledger";
import { openPointsLedgerExport, POINTS_KIND_LABEL, type PointsRow } from "@/server/points/list-points-ledger";

const COLUMNS: ExportColumn<PointsRow>[] = [
  { header: "When (UTC)", type: "date-time", value: (row) => row.createdAt, width: 20 },
  { header: "Movement", type: "text", value: (row) => POINTS_KIND_LABEL[row.kind] },
  { header: "Points", type: "integer", value: (row) => row.delta },
  { header: "Balance after", type: "integer", value: (row) => row.balanceAfter },
  { header: "Product", type: "text", value: (row) => row.product, width: 26 },
  { header: "Devices", type: "integer", value: (row) => row.devices },
  { header: "Licences", type: "integer", value: (row) => row.licences },
  { header: "Remaining days", type: "integer", value: (row) => row.remainingDays },
  { header: "Why", type: "text", value: (row) => row.reason, width: 60 },
  { header: "Who", type: "text", value: (row) => row.actorLabel, width: 32 },
];

export const GET = exportRoute(async ({ actor, account }) => {
  // The partner is checked first (a customer has no ledger: 404), then its balance, as the page shows it.
  const rows = await openPointsLedgerExport(db, { actor, partnerId: account.id });
  const balance = await getPointsBalance(db, account.id);
  return {
    name: "points-ledger",
    sheetName: "Points ledger",
    columns: COLUMNS,
    rows,
    totals: [{ Movement: "Balance", "Balance after": balance }],
    params: {},
  };
});
