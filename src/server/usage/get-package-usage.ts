import "server-only";
import { Prisma, type Account } from "@/generated/prisma/client";
import { addDaysIso, daysInMonthOf, dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { FINAL_AFTER_DAYS, parseReportMonth } from "./report-month";
import { usageDaysSql } from "./usage-days-sql";
import { cte, type CteChain } from "@/server/db/with-ctes";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { packageUsageSql, type PackageUsageCtes } from "./package-usage-sql";
import type { UsageRowsCtes } from "./usage-rows-sql";

export type LivePackageCtes = UsageRowsCtes | "usage_days" | "pk_target" | "pk_billable" | PackageUsageCtes;

export interface PackageUsageRow {
  packageId: string;
  sku: string;
  packageName: string;
  serviceName: string;
  billedSeats: number;
  pairedUsers: number;
  standaloneEndpoints: number;
  silentNotBilled: number;
}

export interface PackageUsageReport {
  account: { id: string; name: string; timezone: string };
  month: string;
  /** true once the month was rolled up (every day final); false for a month still open. */
  final: boolean;
  packages: PackageUsageRow[];
}

/** A package's counts in a month, as stored by the roll-up or counted live (pk_usage). */
export interface PackageUsageCounts {
  package_id: string;
  billed_seats: number;
  paired_users: number;
  standalone_endpoints: number;
  silent_not_billed: number;
}

export interface PackageReportMonth {
  account: Account;
  /** YYYY-MM */
  month: string;
  monthStart: Date;
  now: Date;
}

/** The customer in reach (usage:read) and the month asked for: where every Usage/Report read starts. */
export async function resolvePackageReportMonth(
  db: DbTx,
  options: { actor: Actor; accountId: string; month?: string | null; now?: Date },
): Promise<PackageReportMonth> {
  const now = options.now ?? new Date();
  const { account } = await customerInReach(db, options.actor, options.accountId, { permission: "usage:read" });
  const month = parseReportMonth(options.month, todayIn(account.billingTimezone, now));
  return { account, month, monthStart: isoDateToDb(`${month}-01`), now };
}

/**
 * Usage/Report of a customer for one month, per package: the rolled-up rows
 * once the month is final (usage_monthly_packages, never recomputed), else a
 * live computation with the same SQL over metered and still-open days.
 */
export async function getPackageUsage(
  db: DbTx,
  options: { actor: Actor; accountId: string; month?: string | null; now?: Date },
): Promise<PackageUsageReport> {
  const target = await resolvePackageReportMonth(db, options);
  const { account, monthStart } = target;

  let rows: PackageUsageCounts[] = await db.$queryRaw<PackageUsageCounts[]>`
    SELECT package_id, billed_seats, paired_users, standalone_endpoints, silent_not_billed
    FROM usage_monthly_packages WHERE account_id = ${account.id}::uuid AND month = ${monthStart}::date`;
  const final = rows.length > 0;
  if (!final) {
    rows = await db.$queryRaw<PackageUsageCounts[]>(livePackageMonthSql(target).select(Prisma.sql`
      SELECT package_id, billed_seats, paired_users, standalone_endpoints, silent_not_billed FROM pk_usage`));
  }

  return packageUsageReport(db, target, rows, final);
}

/** The report of a month from its packages' counts: names, SKUs and services, in the page's order. */
export async function packageUsageReport(
  db: DbTx,
  target: PackageReportMonth,
  rows: PackageUsageCounts[],
  final: boolean,
): Promise<PackageUsageReport> {
  const { account, month } = target;
  const packages = await db.package.findMany({
    where: { id: { in: rows.map((row) => row.package_id) } },
    include: { service: { select: { name: true } } },
  });
  const byId = new Map(packages.map((pkg) => [pkg.id, pkg]));
  return {
    account: { id: account.id, name: account.name, timezone: account.billingTimezone },
    month,
    final,
    packages: rows
      .map((row) => {
        const pkg = byId.get(row.package_id)!;
        return {
          packageId: row.package_id,
          sku: pkg.sku,
          packageName: pkg.name,
          serviceName: pkg.service.name,
          billedSeats: row.billed_seats,
          pairedUsers: row.paired_users,
          standaloneEndpoints: row.standalone_endpoints,
          silentNotBilled: row.silent_not_billed,
        };
      })
      .sort((a, b) => a.serviceName.localeCompare(b.serviceName) || a.sku.localeCompare(b.sku)),
  };
}

/**
 * The package CTE chain (pk_detail, pk_usage) of one account's month computed
 * live: the open month, or a final one not rolled up yet — metered billable
 * days plus the open days computed from daily activity.
 */
export function livePackageMonthSql(target: { account: { id: string }; month: string; monthStart: Date; now: Date }): CteChain<LivePackageCtes> {
  const { month, monthStart, now } = target;
  const accountId = target.account.id;
  const until = isoDateToDb(addDaysIso(`${month}-01`, daysInMonthOf(month)));
  return usageDaysSql({ now, accountIds: [accountId], from: monthStart, until })
    .and(cte("pk_target", Prisma.sql`SELECT ${accountId}::uuid AS account_id, ${monthStart}::date AS month`))
    .and(cte("pk_billable", Prisma.sql`SELECT DISTINCT account_id, service_id, day FROM usage_days WHERE billable`, ["usage_days"]))
    .and(packageUsageSql());
}

/** Months a report can show: the current one and the rolled-up ones, newest first. */
export async function listReportMonths(db: DbTx, account: { id: string; billingTimezone: string }, now = new Date()): Promise<string[]> {
  const rows = await db.usageMonthlyPackage.findMany({
    where: { accountId: account.id },
    distinct: ["month"],
    select: { month: true },
    orderBy: { month: "desc" },
  });
  const current = todayIn(account.billingTimezone, now).slice(0, 7);
  return [...new Set([current, ...rows.map((row) => dbDateToIso(row.month).slice(0, 7))])];
}

/** Days after which a month's package usage is final (for the page's explanation). */
export const PACKAGE_MONTH_FINAL_AFTER_DAYS = FINAL_AFTER_DAYS;
