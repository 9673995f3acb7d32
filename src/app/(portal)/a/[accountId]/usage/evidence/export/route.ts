import { exportRoute } from "@/server/exports/export-route";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";
import { openEvidence, type EvidenceRow } from "@/server/metering/list-evidence";

const COLUMNS: ExportColumn<EvidenceRow>[] = [
  { header: "Device id", type: "text", value: (row) => row.externalId ?? row.deviceId, width: 28 },
  { header: "Kind", type: "text", value: (row) => row.kind },
  { header: "First seen (UTC)", type: "date-time", value: (row) => row.firstSeenAt, width: 20 },
  { header: "Last seen (UTC)", type: "date-time", value: (row) => row.lastSeenAt, width: 20 },
  { header: "Events", type: "integer", value: (row) => row.events },
  { header: "On PAYG", type: "text", value: (row) => (row.payg ? "yes" : "no") },
  { header: "Paired user", type: "text", value: (row) => row.endUser },
];

export const GET = exportRoute(async ({ actor, account, params }) => {
  // Pages of the day's devices, pulled as the download is read: memory stays flat.
  const serviceId = params.get("service") ?? "";
  const evidence = await openEvidence(db, { actor, accountId: account.id, serviceId, day: params.get("day") ?? "" });
  return {
    name: "evidence",
    filename: `evidence-${evidence.day}`,
    sheetName: "Evidence",
    columns: COLUMNS,
    rows: evidence.rows,
    params: { service: serviceId, day: evidence.day },
  };
});
