/**
 * The usage room's one door: what a device-day, a seat and a package seat are
 * worth, and the readers of metered usage. Other rooms import from here only
 * (an ESLint rule forbids deep imports), so the files behind it can move.
 * It imports none of metering, pools or subscriptions: they build on it
 * (metering writes what these SQL fragments define; pools and subscriptions read).
 */
export { KINDS_OF_UNIT, kindMatchesUnit, LATE_WINDOW_DAYS } from "./device-service-match";
export { gatewayIsPaygSql } from "./gateway-payg-sql";
export { cutOffDayOf, FINAL_AFTER_DAYS, parseMonth, parseReportMonth } from "./report-month";
export { usageRowsSql } from "./usage-rows-sql";
export { appendSeatsSql } from "./seat-store";
export { packageUsageSql } from "./package-usage-sql";
export { activeDevicesByDaySql } from "./active-devices-by-day";
export { getBillableUsage, type BillableUsage } from "./billable-usage";
export {
  forecastHundredths,
  getUsageReport,
  lastBillableDayOf,
  ratioHundredths,
  type AccountRollup,
  type Adjustment,
  type DayUsage,
  type LedgerCorrection,
  type ServiceUsage,
  type UsageReport,
} from "./get-usage-report";
export { EVIDENCE_PAGE, listEvidence, listEvidencePage, openEvidence, type Evidence, type EvidenceRow } from "./list-evidence";
export { dailyUsageJson, dailyUsageSchema, evidenceRowJson, evidenceRowSchema, usageMonthJson, usageMonthSchema } from "./usage-json";
export {
  getPackageUsage,
  listReportMonths,
  PACKAGE_MONTH_FINAL_AFTER_DAYS,
  type PackageUsageReport,
  type PackageUsageRow,
} from "./get-package-usage";
export {
  getPackageReportPage,
  listPackageSeats,
  openPackageSeats,
  SEAT_EXPORT_PAGE,
  type PackageSeatFilters,
  type PackageSeatKind,
  type PackageSeatRow,
  type PackageSeats,
  type PackageSeatSource,
} from "./list-package-seats";
export { readPackageSeatFilters, SEAT_KIND_LABEL, seatBillingLabel, seatDisplayName, SILENT_LABEL } from "./package-seat-labels";
