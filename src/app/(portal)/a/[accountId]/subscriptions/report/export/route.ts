import { db } from "@/server/db";
import { exportRoute } from "@/server/exports/export-route";
import { workbookSheet, type ExportColumn } from "@/server/exports/table-export";
import { getPackageUsage, type PackageUsageRow } from "@/server/subscriptions/get-package-usage";
import { openPackageSeats, type PackageSeatRow } from "@/server/subscriptions/list-package-seats";
import { SEAT_KIND_LABEL, readPackageSeatFilters, seatBillingLabel, seatDisplayName } from "@/server/subscriptions/package-seat-labels";

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

const DETAIL_COLUMNS = (month: string): ExportColumn<PackageSeatRow>[] => [
  { header: "Month", value: () => month },
  { header: "Service", value: (row) => row.serviceName, width: 26 },
  { header: "Package", value: (row) => row.packageName, width: 16 },
  { header: "SKU", value: (row) => row.sku, width: 16 },
  { header: "Seat", value: (row) => SEAT_KIND_LABEL[row.kind], width: 20 },
  { header: "Name", value: (row) => seatDisplayName(row), width: 26 },
  { header: "Email", value: (row) => row.email, width: 30 },
  { header: "External id", value: (row) => row.externalId, width: 24 },
  { header: "Devices active", value: (row) => row.devices, numFmt: "0" },
  { header: "First active day", value: (row) => row.firstActiveDay },
  { header: "Last active day", value: (row) => row.lastActiveDay },
  { header: "Billing", value: (row) => seatBillingLabel(row), width: 22 },
  // The portal's own id: matches the usage evidence export, also for purged records.
  { header: "Seat id", value: (row) => row.seatId, width: 38 },
];

/** The detail alone (`format=csv&detail=1`): CSV holds one table per file. */
const detailCsv = exportRoute(
  async ({ actor, account, slug, params }) => {
    const detail = await openPackageSeats(db, { actor, accountId: account.id, month: params.get("month"), filters: readPackageSeatFilters(params) });
    return {
      name: "usage-report-detail",
      filename: `usage-report-detail-${slug}-${detail.month}`,
      sheetName: "Detail",
      columns: DETAIL_COLUMNS(detail.month),
      rows: detail.rows,
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
    const detail =
      format === "xlsx"
        ? await openPackageSeats(db, { actor, accountId: account.id, month, filters: readPackageSeatFilters(params) })
        : null;
    return {
      name: "usage-report",
      filename: `usage-report-${slug}-${usage.month}`,
      sheetName: `Usage ${usage.month}`,
      columns: COLUMNS,
      rows: rows(),
      moreSheets: detail ? [workbookSheet({ sheetName: "Detail", columns: DETAIL_COLUMNS(detail.month), rows: detail.rows })] : [],
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
