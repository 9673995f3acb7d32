import { exportRoute } from "@/server/exports/export-route";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";
import { openEvidence, type EvidenceRow } from "@/server/metering/list-evidence";

const COLUMNS: ExportColumn<EvidenceRow>[] = [
  { header: "Device id", value: (row) => row.externalId ?? row.deviceId, width: 28 },
  { header: "Kind", value: (row) => row.kind },
  { header: "First seen (UTC)", value: (row) => row.firstSeenAt, numFmt: "yyyy-mm-dd hh:mm:ss", width: 20 },
  { header: "Last seen (UTC)", value: (row) => row.lastSeenAt, numFmt: "yyyy-mm-dd hh:mm:ss", width: 20 },
  { header: "Events", value: (row) => row.events, numFmt: "0" },
  { header: "On PAYG", value: (row) => (row.payg ? "yes" : "no") },
  { header: "Paired user", value: (row) => row.endUser ?? "" },
];

export const GET = exportRoute(async ({ actor, account, params }) => {
  // Pages of the day's devices, pulled as the download is read: memory stays flat.
  const evidence = await openEvidence(db, {
    actor,
    accountId: account.id,
    serviceId: params.get("service") ?? "",
    day: params.get("day") ?? "",
  });
  return { name: "evidence", filename: `evidence-${evidence.day}`, sheetName: "Evidence", columns: COLUMNS, rows: evidence.rows };
});
