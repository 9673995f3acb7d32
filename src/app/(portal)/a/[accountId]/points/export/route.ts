import { exportRoute } from "@/server/exports/export-route";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";
import { openPointsLedgerExport, POINTS_KIND_LABEL, type PointsRow } from "@/server/points/list-points-ledger";

const COLUMNS: ExportColumn<PointsRow>[] = [
  { header: "When (UTC)", value: (row) => row.createdAt, numFmt: "yyyy-mm-dd hh:mm:ss", width: 20 },
  { header: "Movement", value: (row) => POINTS_KIND_LABEL[row.kind] },
  { header: "Points", value: (row) => row.delta },
  { header: "Balance after", value: (row) => row.balanceAfter },
  { header: "Product", value: (row) => row.product ?? "", width: 26 },
  { header: "Devices", value: (row) => row.devices ?? "" },
  { header: "Licences", value: (row) => row.licences ?? "" },
  { header: "Remaining days", value: (row) => row.remainingDays ?? "" },
  { header: "Why", value: (row) => row.reason, width: 60 },
  { header: "Who", value: (row) => row.actorLabel, width: 32 },
];

export const GET = exportRoute(async ({ actor, account }) => ({
  name: "points-ledger",
  sheetName: "Points ledger",
  columns: COLUMNS,
  rows: await openPointsLedgerExport(db, { actor, partnerId: account.id }),
}));
