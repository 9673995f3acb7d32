import { exportRoute } from "@/server/edge/export-route";
import { db } from "@/server/db";
import { localDateTimeIn, wallClockIn } from "@/lib/dates";
import { deviceKindLabel } from "@/lib/labels";
import type { ExportColumn, ExportFormat } from "@/server/exports/table-export";
import { openEvidenceExport } from "@/server/exports/open-evidence-export";
import type { EvidenceRow } from "@/server/usage";

/**
 * UTC columns (the record) and the same instants on the account's clock, named
 * with its zone (docs/time-and-days.md): a spreadsheet gets local date cells, a
 * CSV the local time with its offset.
 */
function evidenceColumns(zone: string, format: ExportFormat): ExportColumn<EvidenceRow>[] {
  const local = (header: string, instant: (row: EvidenceRow) => Date): ExportColumn<EvidenceRow> =>
    format === "xlsx"
      ? { header, type: "date-time", value: (row) => wallClockIn(instant(row), zone), width: 26 }
      : { header, type: "text", value: (row) => localDateTimeIn(instant(row), zone), width: 26 };
  return [
    { header: "Device id", type: "text", value: (row) => row.externalId ?? row.deviceId, width: 28 },
    { header: "Kind", type: "text", value: (row) => deviceKindLabel(row.kind) },
    { header: "First seen (UTC)", type: "date-time", value: (row) => row.firstSeenAt, width: 20 },
    { header: "Last seen (UTC)", type: "date-time", value: (row) => row.lastSeenAt, width: 20 },
    // In a spreadsheet a date cell of the local wall clock; in CSV the local time with its offset (text).
    local(`First seen (${zone})`, (row) => row.firstSeenAt),
    local(`Last seen (${zone})`, (row) => row.lastSeenAt),
    { header: "Events", type: "integer", value: (row) => row.events },
    { header: "On PAYG", type: "text", value: (row) => (row.payg ? "yes" : "no") },
    { header: "Paired user", type: "text", value: (row) => row.endUser ?? "" },
  ];
}

export const GET = exportRoute(async ({ actor, account, params, format }) => {
  // Pages of the day's devices, pulled as the download is read: memory stays flat. Counted
  // from the day's kept counts: a day of more than the threshold's devices becomes a job.
  const serviceId = params.get("service") ?? "";
  const evidence = await openEvidenceExport(db, { actor, accountId: account.id, serviceId, day: params.get("day") ?? "" });
  return {
    name: "evidence",
    filename: `evidence-${evidence.day}`,
    sheetName: "Evidence",
    columns: evidenceColumns(account.billingTimezone, format),
    rows: evidence.rows,
    params: { service: serviceId, day: evidence.day },
  };
});
