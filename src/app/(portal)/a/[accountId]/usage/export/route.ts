import { exportRoute } from "@/server/exports/export-route";
import { isoDateToDb } from "@/lib/dates";
import { db } from "@/server/db";
import type { ExportColumn } from "@/server/exports/table-export";
import { getUsageReport } from "@/server/metering/get-usage-report";

interface UsageExportRow {
  account: string;
  service: string;
  day: string;
  active: number;
  paygDevices: number;
  state: string;
}

const COLUMNS: ExportColumn<UsageExportRow>[] = [
  { header: "Account", value: (row) => row.account, width: 28 },
  { header: "Service", value: (row) => row.service, width: 30 },
  { header: "Day", value: (row) => isoDateToDb(row.day), numFmt: "yyyy-mm-dd" },
  { header: "Active devices", value: (row) => row.active, numFmt: "0" },
  { header: "PAYG device-days", value: (row) => row.paygDevices, numFmt: "0" },
  { header: "State", value: (row) => row.state },
];

export const GET = exportRoute(async ({ actor, account, slug, params }) => {
  // The file holds the account's own days (a few hundred rows at most), so the
  // children's roll-up — the report's costly part for an MSSP — is not computed.
  const report = await getUsageReport(db, { actor, accountId: account.id, month: params.get("month") ?? undefined });
  async function* rows(): AsyncGenerator<UsageExportRow> {
    for (const service of report.services) {
      for (const day of service.days) {
        yield {
          account: account.name,
          service: service.serviceName,
          day: day.day,
          active: day.active,
          paygDevices: day.paygDevices,
          state: !day.billable ? "account inactive" : day.final ? "final" : "not final",
        };
      }
    }
  }
  return { name: "usage", filename: `usage-${slug}-${report.month}`, sheetName: `Usage ${report.month}`, columns: COLUMNS, rows: rows() };
});
