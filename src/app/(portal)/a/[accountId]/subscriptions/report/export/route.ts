import { db } from "@/server/db";
import { exportRoute } from "@/server/exports/export-route";
import type { ExportColumn } from "@/server/exports/table-export";
import { getPackageUsage, type PackageUsageRow } from "@/server/subscriptions/get-package-usage";

interface Row extends PackageUsageRow {
  customer: string;
  month: string;
  state: string;
}

const COLUMNS: ExportColumn<Row>[] = [
  { header: "Customer", value: (row) => row.customer, width: 28 },
  { header: "Month", value: (row) => row.month },
  { header: "Service", value: (row) => row.serviceName, width: 26 },
  { header: "Package", value: (row) => row.packageName, width: 16 },
  { header: "SKU", value: (row) => row.sku, width: 16 },
  { header: "Billed seats", value: (row) => row.billedSeats, numFmt: "0" },
  { header: "Paired users", value: (row) => row.pairedUsers, numFmt: "0" },
  { header: "Standalone endpoints", value: (row) => row.standaloneEndpoints, numFmt: "0" },
  { header: "Silent (not billed)", value: (row) => row.silentNotBilled, numFmt: "0" },
  { header: "State", value: (row) => row.state },
];

/** The customer's Usage/Report per package, as Excel or CSV (same figures as the page). */
export const GET = exportRoute(
  async ({ actor, account, slug, params }) => {
    const report = await getPackageUsage(db, { actor, accountId: account.id, month: params.get("month") });
    async function* rows(): AsyncGenerator<Row> {
      for (const pkg of report.packages) {
        yield { ...pkg, customer: report.account.name, month: report.month, state: report.final ? "final" : "not final" };
      }
    }
    return {
      name: "usage-report",
      filename: `usage-report-${slug}-${report.month}`,
      sheetName: `Usage ${report.month}`,
      columns: COLUMNS,
      rows: rows(),
    };
  },
  { permission: "usage:read" },
);
