import { invalid } from "@/lib/errors";
import { isoDateToDb } from "@/lib/dates";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan, canHaveChildren } from "@/server/auth/permissions";
import { portalRoute } from "@/server/auth/portal-route";
import { db } from "@/server/db";
import { parseExportFormat, tableExportResponse, type ExportColumn } from "@/server/exports/table-export";
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

export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const url = new URL(request.url);
  const format = parseExportFormat(url.searchParams.get("format"));
  if (!format) throw invalid("Choose format=xlsx or format=csv.", { format: ["Use xlsx or csv."] });
  const { account, role } = await getAccountInReach(db, actor, params.accountId);
  assertCan(role, "export");
  const report = await getUsageReport(db, {
    actor,
    accountId: account.id,
    month: url.searchParams.get("month") ?? undefined,
    withRollup: canHaveChildren(account.kind),
  });
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
  return tableExportResponse({
    format,
    filename: `usage-${account.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${report.month}`,
    sheetName: `Usage ${report.month}`,
    columns: COLUMNS,
    rows: rows(),
  });
});
