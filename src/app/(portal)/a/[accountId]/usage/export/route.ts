import { exportRoute } from "@/server/edge/export-route";
import { billableUnits } from "@/lib/units";
import { rowsOfKnownCount } from "@/lib/counted-rows";
import { db } from "@/server/db";
import { workbookSheet, type ExportColumn, type TotalsLine } from "@/server/exports/table-export";
import { canHaveChildren } from "@/server/auth/permissions";
import { getUsageReport, type UsageReport } from "@/server/usage";
import { getUsageCharges, type UsageCharges } from "@/server/billing/usage-charges";
import { CHARGE_KIND_LABEL } from "@/server/billing/charge-labels";
import { formatQuantityE4, moneyInputValue } from "@/lib/money";
import type { Actor } from "@/server/auth/reach";

interface UsageExportRow {
  account: string;
  service: string;
  day: string;
  active: number;
  paygDevices: number;
  state: string;
}

/** The month's figures of a service (its card on screen) come as a totals line after its days. */
const COLUMNS: ExportColumn<UsageExportRow>[] = [
  { header: "Account", type: "text", value: (row) => row.account, width: 28 },
  { header: "Service", type: "text", value: (row) => row.service, width: 30 },
  { header: "Day", type: "date", value: (row) => row.day },
  { header: "Active devices", type: "integer", value: (row) => row.active },
  { header: "PAYG device-days", type: "integer", value: (row) => row.paygDevices },
  { header: "Billable units", type: "decimal-4", value: () => null },
  { header: "Monthly-active seats", type: "integer", value: () => null },
  { header: "State", type: "text", value: (row) => row.state },
];

interface RollupExportRow {
  account: string;
  service: string;
  deviceDays: number;
  billableUnits: number;
  seats: number;
  adjustmentDeviceDays: number;
}

const ROLLUP_COLUMNS: ExportColumn<RollupExportRow>[] = [
  { header: "Account", type: "text", value: (row) => row.account, width: 32 },
  { header: "Service", type: "text", value: (row) => row.service, width: 30 },
  { header: "Device-days", type: "integer", value: (row) => row.deviceDays },
  { header: "Billable units", type: "decimal-4", value: (row) => row.billableUnits },
  { header: "Monthly-active seats", type: "integer", value: (row) => row.seats },
  { header: "Adjustment device-days", type: "integer", value: (row) => row.adjustmentDeviceDays },
];

interface AdjustmentExportRow {
  account: string;
  service: string;
  correctsMonth: string;
  day: string;
  device: string;
  deviceDays: number;
  reason: string;
}

/** Corrections of earlier, rolled-up months that this month carries, apart from its usage (docs/metering.md). */
const ADJUSTMENT_COLUMNS: ExportColumn<AdjustmentExportRow>[] = [
  { header: "Account", type: "text", value: (row) => row.account, width: 28 },
  { header: "Service", type: "text", value: (row) => row.service, width: 30 },
  { header: "Corrects month", type: "text", value: (row) => row.correctsMonth },
  { header: "Day corrected", type: "date", value: (row) => row.day },
  { header: "Device", type: "text", value: (row) => row.device, width: 28 },
  { header: "Device-days", type: "integer", value: (row) => row.deviceDays },
  { header: "Reason", type: "text", value: (row) => row.reason, width: 40 },
];

interface ChargeExportRow {
  service: string;
  kind: string;
  sku: string;
  description: string;
  quantity: string;
  unit: string;
  currency: string;
  unitPrice: string;
  charge: string;
  forecast: string;
  note: string;
}

/**
 * The Charges card (docs/money.md#who-sees-money): the account's own usage at its seller's prices.
 * Amounts are written exactly, in the book's currency and its minor unit, as text: the same in
 * both files, and never through a float.
 */
const CHARGE_COLUMNS: ExportColumn<ChargeExportRow>[] = [
  { header: "Service", type: "text", value: (row) => row.service, width: 30 },
  { header: "Charge for", type: "text", value: (row) => row.kind, width: 22 },
  { header: "SKU", type: "text", value: (row) => row.sku, width: 16 },
  { header: "Description", type: "text", value: (row) => row.description, width: 44 },
  { header: "Quantity", type: "text", value: (row) => row.quantity },
  { header: "Unit", type: "text", value: (row) => row.unit },
  { header: "Currency", type: "text", value: (row) => row.currency },
  { header: "Unit price", type: "text", value: (row) => row.unitPrice },
  { header: "Charge", type: "text", value: (row) => row.charge },
  { header: "Forecast (month end)", type: "text", value: (row) => row.forecast },
  { header: "Note", type: "text", value: (row) => row.note, width: 40 },
];

async function chargesOf(actor: Actor, accountId: string, report: UsageReport): Promise<UsageCharges> {
  const forecasts = report.services.some((service) => service.forecastUnitsHundredths !== null)
    ? new Map(report.services.map((service) => [service.serviceId, service.forecastUnitsHundredths ?? 0]))
    : null;
  return getUsageCharges(db, { actor, accountId, month: report.month, now: new Date(), forecastUnitsHundredths: forecasts });
}

function chargeRows(charges: UsageCharges) {
  const currency = charges.book?.currency ?? "";
  const money = (minor: bigint | null) => (minor === null || !currency ? "" : moneyInputValue(minor, currency));
  async function* rows(): AsyncGenerator<ChargeExportRow> {
    for (const line of charges.lines) {
      yield {
        service: line.serviceName,
        kind: CHARGE_KIND_LABEL[line.kind],
        sku: line.sku,
        description: line.description,
        quantity: formatQuantityE4(line.quantityE4).replaceAll(",", ""),
        unit: line.unit,
        currency,
        unitPrice: money(line.unitPriceMinor),
        charge: money(line.amountMinor),
        forecast: charges.forecastTotalMinor === null ? "" : money(line.forecastMinor ?? line.amountMinor),
        note: line.note,
      };
    }
  }
  return rowsOfKnownCount(rows(), charges.lines.length);
}

/**
 * The report is held in memory: its lines are counted as they stand, so a
 * report of more lines than the threshold becomes an export job
 * (docs/exports.md#export-jobs) like any list.
 */
function adjustmentRows(report: UsageReport) {
  return rowsOfKnownCount(eachAdjustment(report), report.services.reduce((lines, service) => lines + service.adjustments.length, 0));
}

async function* eachAdjustment(report: UsageReport): AsyncGenerator<AdjustmentExportRow> {
  for (const service of report.services) {
    for (const adjustment of service.adjustments) {
      yield {
        account: report.account.name,
        service: service.serviceName,
        correctsMonth: adjustment.correctsMonth,
        day: adjustment.day,
        device: adjustment.device,
        deviceDays: adjustment.delta,
        reason: adjustment.reason,
      };
    }
  }
}

function rollupRows(report: UsageReport) {
  return rowsOfKnownCount(eachRollupLine(report), (report.rollup ?? []).reduce((lines, row) => lines + row.services.length, 0));
}

/** The on-screen roll-up of an MSSP or distributor: one row per account below it and service. */
async function* eachRollupLine(report: UsageReport): AsyncGenerator<RollupExportRow> {
  for (const row of report.rollup ?? []) {
    for (const service of row.services) {
      yield {
        account: row.accountName,
        service: service.serviceName,
        deviceDays: service.deviceDays,
        // The exact ratio, not the hundredths the screen rounds to.
        billableUnits: billableUnits(service.deviceDays, report.daysInMonth),
        seats: service.monthlyActiveSeats,
        adjustmentDeviceDays: service.adjustmentDeviceDays,
      };
    }
  }
}

/** Per service, the figures of its card: device-days, billable units (exact) and monthly-active seats. */
function serviceTotals(report: UsageReport): TotalsLine[] {
  return report.services.map((service) => ({
    Account: report.account.name,
    Service: service.serviceName,
    "PAYG device-days": service.deviceDays,
    "Billable units": billableUnits(service.deviceDays, report.daysInMonth),
    "Monthly-active seats": service.monthlyActiveSeats,
    State: report.monthFinal ? "month total (final)" : "month total (not final)",
  }));
}

const monthOf = (params: URLSearchParams) => params.get("month") ?? undefined;

/** The roll-up alone (`format=csv&rollup=1`): CSV holds one table per file. */
const rollupCsv = exportRoute(async ({ actor, account, slug, params }) => {
  const report = await getUsageReport(db, { actor, accountId: account.id, month: monthOf(params), withRollup: canHaveChildren(account.kind) });
  return {
    name: "usage-rollup",
    filename: `usage-rollup-${slug}-${report.month}`,
    sheetName: `Roll-up ${report.month}`,
    columns: ROLLUP_COLUMNS,
    rows: rollupRows(report),
    params: { month: report.month, rollup: "1" },
  };
});

/** The adjustments alone (`format=csv&adjustments=1`), as the xlsx "Adjustments" sheet. */
const adjustmentsCsv = exportRoute(async ({ actor, account, slug, params }) => {
  const report = await getUsageReport(db, { actor, accountId: account.id, month: monthOf(params) });
  return {
    name: "usage-adjustments",
    filename: `usage-adjustments-${slug}-${report.month}`,
    sheetName: `Adjustments ${report.month}`,
    columns: ADJUSTMENT_COLUMNS,
    rows: adjustmentRows(report),
    params: { month: report.month, adjustments: "1" },
  };
});

/** The charges alone (`format=csv&charges=1`), as the xlsx "Charges" sheet. */
const chargesCsv = exportRoute(async ({ actor, account, slug, params }) => {
  const report = await getUsageReport(db, { actor, accountId: account.id, month: monthOf(params) });
  const charges = await chargesOf(actor, account.id, report);
  return {
    name: "usage-charges",
    filename: `usage-charges-${slug}-${report.month}`,
    sheetName: `Charges ${report.month}`,
    columns: CHARGE_COLUMNS,
    rows: chargeRows(charges),
    params: { month: report.month, charges: "1" },
  };
});

/** The account's own days; in Excel followed by the "Roll-up" sheet when the account can have children. */
const usage = exportRoute(async ({ actor, account, slug, params, format }) => {
  // The roll-up is the report's costly part for an MSSP: only computed when the file holds it.
  const withRollup = format === "xlsx" && canHaveChildren(account.kind);
  const report = await getUsageReport(db, { actor, accountId: account.id, month: monthOf(params), withRollup });
  // The Charges sheet only when the account's seller has prices for it: a file without money stays as it was.
  const charges = format === "xlsx" ? await chargesOf(actor, account.id, report) : null;
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
  return {
    name: "usage",
    filename: `usage-${slug}-${report.month}`,
    sheetName: `Usage ${report.month}`,
    columns: COLUMNS,
    rows: rowsOfKnownCount(rows(), report.services.reduce((lines, service) => lines + service.days.length, 0)),
    totals: serviceTotals(report),
    params: { month: report.month },
    moreSheets: [
      // Only when there are any, so a month without corrections keeps the file it always had.
      ...(report.services.some((service) => service.adjustments.length > 0) ? [workbookSheet({ sheetName: "Adjustments", columns: ADJUSTMENT_COLUMNS, rows: adjustmentRows(report) })] : []),
      ...(charges && charges.book ? [workbookSheet({ sheetName: "Charges", columns: CHARGE_COLUMNS, rows: chargeRows(charges) })] : []),
      ...(withRollup ? [workbookSheet({ sheetName: "Roll-up", columns: ROLLUP_COLUMNS, rows: rollupRows(report) })] : []),
    ],
  };
});

/**
 * The usage report as on screen: the account's own days, the adjustments it
 * carries (an "Adjustments" sheet in Excel, `adjustments=1` in CSV), and for an
 * account that can have children the roll-up too — a sheet in Excel, or on its
 * own with `rollup=1` in CSV — and its Charges (a sheet in Excel, `charges=1` in CSV).
 */
export function GET(request: Request, context: { params: Promise<{ accountId: string }> }): Promise<Response> {
  const search = new URL(request.url).searchParams;
  if (search.get("format") === "csv" && search.get("rollup") === "1") return rollupCsv(request, context);
  if (search.get("format") === "csv" && search.get("adjustments") === "1") return adjustmentsCsv(request, context);
  if (search.get("format") === "csv" && search.get("charges") === "1") return chargesCsv(request, context);
  return usage(request, context);
}
