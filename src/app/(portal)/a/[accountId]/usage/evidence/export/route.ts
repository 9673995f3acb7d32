import { exportRoute } from "@/server/exports/export-route";
import { db } from "@/server/db";
import { localDateTimeIn, wallClockIn } from "@/lib/dates";
import type { ExportColumn, ExportFormat } from "@/server/exports/table-export";
import { openEvidence, type EvidenceRow } from "@/server/metering/list-evidence";

const DATE_TIME = "yyyy-mm-dd hh:mm:ss";

/**
 * UTC columns (the record) and the same instants on the account's clock, named
 * with its zone (docs/time-and-days.md): a spreadsheet gets local date cells, a
 * CSV the local time with its offset.
 */
function evidenceColumns(zone: string, format: ExportFormat): ExportColumn<EvidenceRow>[] {
  const local = (instant: Date) => (format === "xlsx" ? wallClockIn(instant, zone) : localDateTimeIn(instant, zone));
  return [
    { header: "Device id", value: (row) => row.externalId ?? row.deviceId, width: 28 },
    { header: "Kind", value: (row) => row.kind },
    { header: "First seen (UTC)", value: (row) => row.firstSeenAt, numFmt: DATE_TIME, width: 20 },
    { header: "Last seen (UTC)", value: (row) => row.lastSeenAt, numFmt: DATE_TIME, width: 20 },
    { header: `First seen (${zone})`, value: (row) => local(row.firstSeenAt), numFmt: DATE_TIME, width: 26 },
    { header: `Last seen (${zone})`, value: (row) => local(row.lastSeenAt), numFmt: DATE_TIME, width: 26 },
    { header: "Events", value: (row) => row.events, numFmt: "0" },
    { header: "On PAYG", value: (row) => (row.payg ? "yes" : "no") },
    { header: "Paired user", value: (row) => row.endUser ?? "" },
  ];
}

export const GET = exportRoute(async ({ actor, account, params, format }) => {
  // Pages of the day's devices, pulled as the download is read: memory stays flat.
  const evidence = await openEvidence(db, {
    actor,
    accountId: account.id,
    serviceId: params.get("service") ?? "",
    day: params.get("day") ?? "",
  });
  return { name: "evidence", filename: `evidence-${evidence.day}`, sheetName: "Evidence", columns: evidenceColumns(account.billingTimezone, format), rows: evidence.rows };
});
