import { readAhead, rowsOfKnownCount } from "@/lib/counted-rows";
import { db } from "@/server/db";
import { exportRoute } from "@/server/edge/export-route";
import { workbookSheet, type ExportColumn, type TotalsLine } from "@/server/exports/table-export";
import { getPackageUsage, type PackageUsageReport, type PackageUsageRow, openPackageSeats, type PackageSeatFilters, type PackageSeatRow, SEAT_KIND_LABEL, readPackageSeatFilters, seatBillingLabel, seatDisplayName } from "@/server/usage";

interface Row extends PackageUsageRow {
  customer: string;
  month: string;
  state: string;
}

const COLUMNS: ExportColumn<Row>[] = [
  { header: "Customer", type: "text", value: (row) => row.customer, width: 28 },
  { header: "Month", type: "text", value: (row) => row.month },
  { header: "Service", type: "text", value: (row) => row.serviceName, width: 26 },
  { header: "Package", type: "text", value: (row) => row.packageName, width: 16 },
  { header: "SKU", type: "text", value: (row) => row.sku, width: 16 },
  { header: "Billed seats", type: "integer", value: (row) => row.billedSeats },
  { header: "Paired users", type: "integer", value: (row) => row.pairedUsers },
  { header: "Standalone endpoints", type: "integer", value: (row) => row.standaloneEndpoints },
  { header: "Silent (not billed)", type: "integer", value: (row) => row.silentNotBilled },
  { header: "State", type: "text", value: (row) => row.state },
];

const DETAIL_COLUMNS = (month: string): ExportColumn<PackageSeatRow>[] => [
  { header: "Month", type: "text", value: () => month },
  { header: "Service", type: "text", value: (row) => row.serviceName, width: 26 },
  { header: "Package", type: "text", value: (row) => row.packageName, width: 16 },
  { header: "SKU", type: "text", value: (row) => row.sku, width: 16 },
  { header: "Seat", type: "text", value: (row) => SEAT_KIND_LABEL[row.kind], width: 20 },
  { header: "Name", type: "text", value: (row) => seatDisplayName(row), width: 26 },
  { header: "Email", type: "text", value: (row) => row.email, width: 30 },
  { header: "External id", type: "text", value: (row) => row.externalId, width: 24 },
  { header: "Devices active", type: "integer", value: (row) => row.devices },
  { header: "First active day", type: "date", value: (row) => row.firstActiveDay },
  { header: "Last active day", type: "date", value: (row) => row.lastActiveDay },
  { header: "Billing", type: "text", value: (row) => seatBillingLabel(row), width: 22 },
  // The portal's own id: matches the usage evidence export, also for purged records.
  { header: "Seat id", type: "text", value: (row) => row.seatId, width: 38 },
];

/** The page's Total row: the sums of the package lines. */
function reportTotals(usage: PackageUsageReport): TotalsLine[] {
  const sum = (pick: (row: PackageUsageRow) => number) => usage.packages.reduce((total, row) => total + pick(row), 0);
  return [
    {
      Customer: usage.account.name,
      Month: usage.month,
      Package: "Total",
      "Billed seats": sum((row) => row.billedSeats),
      "Paired users": sum((row) => row.pairedUsers),
      "Standalone endpoints": sum((row) => row.standaloneEndpoints),
      "Silent (not billed)": sum((row) => row.silentNotBilled),
      State: usage.final ? "final" : "not final",
    },
  ];
}

/**
 * The detail's filters as the page reads them: a package of the month's report
 * (another one is refused, see export-params.ts), billed or silent, a search.
 */
function seatFilters(params: URLSearchParams, usage: PackageUsageReport): { filters: PackageSeatFilters; understood: Record<string, string | undefined> } {
  const filters = readPackageSeatFilters(params);
  const packageId = usage.packages.some((p) => p.packageId === filters.packageId) ? filters.packageId : undefined;
  return {
    filters: { ...filters, packageId },
    understood: { month: usage.month, package: packageId, status: filters.status, q: filters.q },
  };
}

/** The detail alone (`format=csv&detail=1`): CSV holds one table per file. */
const detailCsv = exportRoute(
  async ({ actor, account, slug, params }) => {
    const usage = await getPackageUsage(db, { actor, accountId: account.id, month: params.get("month") });
    const { filters, understood } = seatFilters(params, usage);
    const detail = await openPackageSeats(db, { actor, accountId: account.id, month: usage.month, filters });
    return {
      name: "usage-report-detail",
      filename: `usage-report-detail-${slug}-${detail.month}`,
      sheetName: "Detail",
      columns: DETAIL_COLUMNS(detail.month),
      // No count query of its own (a live month is recomputed per query): read ahead up to the threshold.
      rows: readAhead(detail.rows),
      params: { ...understood, detail: "1" },
    };
  },
  { permission: "usage:read" },
);

/** The totals per package; in Excel followed by the "Detail" sheet. */
const report = exportRoute(
  async ({ actor, account, slug, params, format }) => {
    const month = params.get("month");
    const usage = await getPackageUsage(db, { actor, accountId: account.id, month });
    async function* rows(): AsyncGenerator<Row> {
      for (const pkg of usage.packages) {
        yield { ...pkg, customer: usage.account.name, month: usage.month, state: usage.final ? "final" : "not final" };
      }
    }
    // The CSV link carries the detail's filters too (one set of links on the page): checked, not used.
    const { filters, understood } = seatFilters(params, usage);
    const detail = format === "xlsx" ? await openPackageSeats(db, { actor, accountId: account.id, month: usage.month, filters }) : null;
    return {
      name: "usage-report",
      filename: `usage-report-${slug}-${usage.month}`,
      sheetName: `Usage ${usage.month}`,
      columns: COLUMNS,
      rows: rowsOfKnownCount(rows(), usage.packages.length),
      totals: reportTotals(usage),
      params: understood,
      // The Detail sheet counts towards the job threshold too: it is most of the file.
      moreSheets: detail ? [workbookSheet({ sheetName: "Detail", columns: DETAIL_COLUMNS(detail.month), rows: readAhead(detail.rows) })] : [],
    };
  },
  { permission: "usage:read" },
);

/**
 * The customer's Usage/Report as Excel or CSV (same figures as the page).
 * Excel: sheet 1 the totals per package, sheet 2 "Detail" every billed and
 * silent seat. CSV holds one table: the totals, or with `detail=1` the
 * detail. The detail follows the page's filters (package, status, q).
 */
export function GET(request: Request, context: { params: Promise<{ accountId: string }> }): Promise<Response> {
  const search = new URL(request.url).searchParams;
  return search.get("format") === "csv" && search.get("detail") === "1" ? detailCsv(request, context) : report(request, context);
}
