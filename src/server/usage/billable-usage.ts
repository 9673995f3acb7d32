import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { addDaysIso, daysInMonthOf, dbDateToIso, isoDateToDb } from "@/lib/dates";
import type { DbTx } from "@/server/db";
import { cte } from "@/server/db/with-ctes";
import { packageUsageSql } from "./package-usage-sql";
import { usageDaysSql } from "./usage-days-sql";
import { usageRollupSql } from "./usage-rollup-sql";

/** What a set of accounts used in one local month, in the units money is charged by (docs/money.md#what-is-charged). */
export interface BillableUsage {
  /** PAYG device-days per (account, service): metered days plus the days still open, counted live. */
  paygDays: { accountId: string; serviceId: string; deviceDays: number }[];
  /** Billed seats per (account, package) of per-user services: rolled up once final, else live. */
  packageSeats: { accountId: string; packageId: string; billedSeats: number }[];
  /** Corrections of earlier months this month carries, per (account, service, corrected month). */
  adjustments: { accountId: string; serviceId: string; correctsMonth: string; deviceDays: number }[];
}

/**
 * The month's billable quantities of `accountIds` ("YYYY-MM", each account's own local month), in
 * three set-based statements whatever the number of accounts. The same sources as the usage
 * report: usage_month_days and the open days for device-days; usage_monthly_packages for a
 * rolled-up month's seats, the package usage SQL for the others; the corrections a month carries
 * as adjustments (docs/metering.md#monthly-roll-up-and-adjustments).
 */
export async function getBillableUsage(db: DbTx, options: { accountIds: string[]; month: string; now: Date }): Promise<BillableUsage> {
  const { accountIds, month, now } = options;
  if (accountIds.length === 0) return { paygDays: [], packageSeats: [], adjustments: [] };
  const from = isoDateToDb(`${month}-01`);
  const until = isoDateToDb(addDaysIso(`${month}-01`, daysInMonthOf(month)));

  const [payg, rolledSeats, adjustments] = await Promise.all([
    db.$queryRaw<{ account_id: string; service_id: string; payg_days: number }[]>(usageRollupSql({ now, accountIds, from, until })),
    db.$queryRaw<{ account_id: string; package_id: string; billed_seats: number }[]>`
      SELECT account_id, package_id, billed_seats FROM usage_monthly_packages
      WHERE account_id = ANY(${accountIds}::uuid[]) AND month = ${from}::date`,
    db.$queryRaw<{ account_id: string; service_id: string; corrects_month: Date; days: number }[]>`
      WITH next_open AS (
        SELECT account_id, service_id, (max(month) + interval '1 month')::date AS month
        FROM usage_monthly WHERE account_id = ANY(${accountIds}::uuid[]) GROUP BY 1, 2
      )
      SELECT c.account_id, c.service_id, date_trunc('month', c.day)::date AS corrects_month, sum(c.delta)::int AS days
      FROM usage_corrections c
      LEFT JOIN next_open n ON n.account_id = c.account_id AND n.service_id = c.service_id
      WHERE c.account_id = ANY(${accountIds}::uuid[]) AND c.day < ${from}::date
        AND (c.billed_month = ${from}::date OR (c.billed_month IS NULL AND n.month = ${from}::date))
      GROUP BY 1, 2, 3`,
  ]);

  // Accounts whose month is not rolled up yet: their seats are counted live, all in one statement.
  const rolled = new Set(rolledSeats.map((row) => row.account_id));
  const live = accountIds.filter((id) => !rolled.has(id));
  const liveSeats = live.length === 0 ? [] : await db.$queryRaw<{ account_id: string; package_id: string; billed_seats: number }[]>(
    usageDaysSql({ now, accountIds: live, from, until })
      .and(cte("pk_target", Prisma.sql`SELECT unnest(${live}::uuid[]) AS account_id, ${from}::date AS month`))
      .and(cte("pk_billable", Prisma.sql`SELECT DISTINCT account_id, service_id, day FROM usage_days WHERE billable`, ["usage_days"]))
      .and(packageUsageSql())
      .select(Prisma.sql`SELECT account_id, package_id, billed_seats FROM pk_usage`),
  );

  return {
    paygDays: payg.filter((row) => row.payg_days !== 0).map((row) => ({ accountId: row.account_id, serviceId: row.service_id, deviceDays: row.payg_days })),
    packageSeats: [...rolledSeats, ...liveSeats].map((row) => ({ accountId: row.account_id, packageId: row.package_id, billedSeats: row.billed_seats })),
    adjustments: adjustments
      .filter((row) => row.days !== 0)
      .map((row) => ({ accountId: row.account_id, serviceId: row.service_id, correctsMonth: dbDateToIso(row.corrects_month).slice(0, 7), deviceDays: row.days })),
  };
}
