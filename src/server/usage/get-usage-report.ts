import "server-only";
import { Prisma, type ServiceUnit } from "@/generated/prisma/client";
import { dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { addDaysIso, daysInMonthOf } from "@/lib/dates";
import { contractLabel } from "@/lib/contract-label";
import { cutOffDayOf, parseMonth } from "./report-month";
import { monthlySeatsSql } from "./seat-store";
import { usageDaysSql } from "./usage-days-sql";
import { usageRollupPageSql, usageRollupSql, type RollupPageResult, type RollupRow } from "./usage-rollup-sql";
import { cte, ctes, withCtes, type Cte } from "@/server/db/with-ctes";
import type { NumberedPage } from "@/lib/numbered-page";

export interface DayUsage {
  day: string;
  active: number;
  paygDevices: number;
  billable: boolean;
  final: boolean;
}

export interface ServiceUsage {
  serviceId: string;
  serviceName: string;
  unit: ServiceUnit;
  contracts: { id: string; label: string; type: string; quantity: number }[];
  /** The PAYG contract's quantity threshold, shown against usage. */
  paygThreshold: number | null;
  activeToday: number | null;
  days: DayUsage[];
  deviceDays: number;
  /** device-days ÷ days in month, in hundredths (integers, never floats). */
  billableUnitsHundredths: number;
  monthlyActiveSeats: number;
  /**
   * PAYG units at month end from the run rate so far, projected only up to the
   * service's last billable day (forecastEndsOn), in hundredths; null once the month is over.
   */
  forecastUnitsHundredths: number | null;
  /** The last billable day of the month when it comes before the month's end (cancel, expiry, account inactivated); else null. */
  forecastEndsOn: string | null;
  overThreshold: boolean;
  /** Corrections of earlier, already rolled-up months billed with this month: apart from its usage. */
  adjustments: Adjustment[];
  adjustmentDeviceDays: number;
  /** Σ per corrected month of its device-days ÷ that month's days, in hundredths. */
  adjustmentUnitsHundredths: number;
}

/** A correction of a final month, carried by the next open month (docs/metering.md, "Adjustments"). */
export interface Adjustment {
  /** The month and day it corrects. */
  correctsMonth: string;
  day: string;
  /** The id the device reports. */
  device: string;
  delta: number;
  reason: string;
}

/** One line of the corrections ledger: a correction dated in the month. */
export interface LedgerCorrection {
  day: string;
  serviceName: string;
  deviceId: string;
  /** The id the device reports (its external id), as shown. */
  device: string;
  delta: number;
  reason: string;
  at: Date;
  /** Recorded after the month was rolled up: the later month that carries it as an adjustment. */
  adjustsMonth: string | null;
}

export interface AccountRollup {
  accountId: string;
  accountName: string;
  services: {
    serviceName: string;
    deviceDays: number;
    billableUnitsHundredths: number;
    monthlyActiveSeats: number;
    adjustmentDeviceDays: number;
    adjustmentUnitsHundredths: number;
  }[];
}

/** A service's figures over every account of a roll-up (a seat belongs to one account, so seats add up). */
export interface RollupTotal {
  serviceName: string;
  deviceDays: number;
  monthlyActiveSeats: number;
  adjustmentDeviceDays: number;
}

/** One page of a roll-up's accounts, with the totals over all of them (docs/metering.md#roll-up-on-screen). */
export interface RollupPage extends NumberedPage<AccountRollup> {
  totals: RollupTotal[];
}

export interface UsageReport {
  account: { id: string; name: string; timezone: string };
  month: string;
  daysInMonth: number;
  today: string;
  /** Last local day whose usage is final (its late window closed). */
  cutOffDay: string;
  monthFinal: boolean;
  services: ServiceUsage[];
  corrections: LedgerCorrection[];
  /** Every account of the roll-up (withRollup: the exports). */
  rollup: AccountRollup[] | null;
  /** One page of the roll-up's accounts and the totals over all (rollupPage: the report's screen). */
  rollupPage: RollupPage | null;
}

/** hundredths of (numerator ÷ denominator), rounded half up, in integers. */
export function ratioHundredths(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : Math.floor((numerator * 200 + denominator) / (2 * denominator));
}

/**
 * Month-end units from the run rate so far (device-days ÷ days elapsed, today
 * included), projected over the days after today up to `lastBillableDay` (null
 * = open-ended) and never past the month: a contract canceled today forecasts
 * what it has used (docs/metering.md, "Forecast").
 */
export function forecastHundredths(options: { deviceDays: number; today: string; daysInMonth: number; lastBillableDay: string | null }): number {
  const { deviceDays, today, daysInMonth, lastBillableDay } = options;
  const elapsed = Number(today.slice(8, 10));
  const month = today.slice(0, 7);
  const endDay = lastBillableDay === null || lastBillableDay > `${month}-${String(daysInMonth).padStart(2, "0")}` ? daysInMonth
    : lastBillableDay < `${month}-01` ? 0 : Number(lastBillableDay.slice(8, 10));
  const remaining = Math.max(0, endDay - elapsed);
  return ratioHundredths(deviceDays * (elapsed + remaining), elapsed * daysInMonth);
}

/**
 * The last day a service can bill under its PAYG contracts: the latest of their
 * last live days (expiry, or the local day it was canceled — billed in full),
 * and no later than the day the account was inactivated. null = open-ended.
 */
export function lastBillableDayOf(
  contracts: { type: string; expiresOn: Date | null; canceledAt: Date | null }[],
  timezone: string,
  inactivatedOn: string | null,
): string | null {
  const ends = contracts
    .filter((contract) => contract.type === "PAYG")
    .map((contract) => {
      const candidates = [contract.expiresOn ? dbDateToIso(contract.expiresOn) : null, contract.canceledAt ? todayIn(timezone, contract.canceledAt) : null];
      const set = candidates.filter((day): day is string => day !== null).sort();
      return set[0] ?? null;
    });
  const contractEnd = ends.length === 0 || ends.includes(null) ? null : (ends as string[]).sort().at(-1)!;
  if (inactivatedOn === null) return contractEnd;
  return contractEnd === null || inactivatedOn < contractEnd ? inactivatedOn : contractEnd;
}

interface UsageRow {
  account_id: string;
  service_id: string;
  day: Date;
  active: number;
  payg_days: number;
  billable: boolean;
  final: boolean;
}

/**
 * Usage of an account (and, for MSSPs and distributors, of every account below
 * it) for one local month: final days come from the metered records, days still
 * in their late window are computed live by the same definition, marked not final.
 */
export async function getUsageReport(
  db: DbTx,
  options: {
    actor: Actor;
    accountId: string;
    month?: string;
    now?: Date;
    /** Every account below, in full (the exports). */
    withRollup?: boolean;
    /** One page of the accounts below (`?accounts=N` as asked, unchecked) and the totals over all (the screen). */
    rollupPage?: { requested: string | undefined; size: number };
  },
): Promise<UsageReport> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "usage:read", account);
  const now = options.now ?? new Date();
  const today = todayIn(account.billingTimezone, now);
  const month = parseMonth(options.month, today.slice(0, 7));
  const from = isoDateToDb(`${month}-01`);
  const daysInMonth = daysInMonthOf(month);
  const until = isoDateToDb(addDaysIso(`${month}-01`, daysInMonth));
  const cutOffDay = cutOffDayOf(today);
  // The roll-up's accounts in the order of their names (the page's order too), then ids.
  const subtree = options.withRollup
    ? await db.account.findMany({ where: { path: { startsWith: account.path } }, select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] })
    : [{ id: account.id, name: account.name }];
  const ids = subtree.map((row) => row.id);
  // A page of the roll-up reads the accounts below by id; their names come with the page.
  const pageIds = options.rollupPage ? (await db.account.findMany({ where: { path: { startsWith: account.path } }, select: { id: true } })).map((row) => row.id) : null;
  const requestedPage = options.rollupPage?.requested && /^\d{1,6}$/.test(options.rollupPage.requested) ? Number(options.rollupPage.requested) : 1;

  // The account's own days in full; for the roll-up, one row per (account, service) of the subtree.
  const [rows, seats, rollupRows, pageResult, services, contracts, corrections, adjustmentRows] = await Promise.all([
    // Final days from the metered records, the days still open counted live.
    db.$queryRaw<UsageRow[]>(usageDaysSql({ now, accountIds: [account.id], from, until }).select(Prisma.sql`
      SELECT account_id, service_id, day, active, payg_days, billable, final FROM usage_days
      ORDER BY account_id, service_id, day`)),
    options.withRollup
      ? null
      : db.$queryRaw<{ account_id: string; service_id: string; seats: number }[]>(monthlySeatsSql({ now, accountIds: ids, from, until })),
    options.withRollup ? db.$queryRaw<RollupRow[]>(usageRollupSql({ now, accountIds: ids, from, until })) : null,
    pageIds
      ? db.$queryRaw<RollupPageResult[]>(
          usageRollupPageSql({ now, accountIds: pageIds, from, until, adjustments: adjustingCte(pageIds, from), requested: requestedPage, size: options.rollupPage!.size }),
        ).then((result) => result[0]!)
      : null,
    db.service.findMany({ select: { id: true, name: true, unit: true } }),
    db.contract.findMany({
      where: { accountId: account.id, registeredOn: { lt: until }, OR: [{ expiresOn: null }, { expiresOn: { gte: from } }] },
      select: { id: true, number: true, serviceId: true, type: true, quantity: true, canceledAt: true, expiresOn: true },
      orderBy: { number: "asc" },
    }),
    db.$queryRaw<CorrectionRow[]>(withCtes(nextOpenMonthCte([account.id])).select(Prisma.sql`
      SELECT c.service_id, c.day, c.device_id, COALESCE(c.device_external_id, d.external_id) AS device, c.delta, c.reason, c.created_at,
             CASE WHEN c.billed_month > ${from}::date THEN c.billed_month
                  WHEN c.billed_month IS NULL AND n.month > ${from}::date THEN n.month END AS adjusts_month
      FROM usage_corrections c
      LEFT JOIN devices d ON d.id = c.device_id
      LEFT JOIN next_open n ON n.account_id = c.account_id AND n.service_id = c.service_id
      WHERE c.account_id = ${account.id}::uuid AND c.day >= ${from}::date AND c.day < ${until}::date
      ORDER BY c.day, c.id`)),
    // The account's own adjustments, and for a full roll-up every account's (a page's come with it).
    db.$queryRaw<AdjustmentRow[]>(adjustmentsSql(ids, from)),
  ]);

  const serviceById = new Map(services.map((service) => [service.id, service]));
  const seatsByKey = new Map((rollupRows ?? seats ?? []).map((row) => [`${row.account_id}/${row.service_id}`, row.seats]));
  const seatsOf = (accountId: string, serviceId: string) => seatsByKey.get(`${accountId}/${serviceId}`) ?? 0;
  // The forecast runs on the current month only: month-end units = device-days so far ÷ days elapsed.
  const isCurrentMonth = today.startsWith(month);
  const inactivatedOn = isCurrentMonth ? await inactivatedOnOf(db, account.id, account.status, account.billingTimezone) : null;

  const own = rows.filter((row) => row.account_id === account.id);
  const serviceIds = [
    ...new Set([
      ...own.map((row) => row.service_id),
      ...contracts.map((c) => c.serviceId),
      ...adjustmentRows.filter((row) => row.account_id === account.id).map((row) => row.service_id),
    ]),
  ];
  const serviceUsage: ServiceUsage[] = serviceIds.map((serviceId) => {
    const service = serviceById.get(serviceId)!;
    const days = own
      .filter((row) => row.service_id === serviceId)
      .map((row) => ({ day: dbDateToIso(row.day), active: row.active, paygDevices: row.payg_days, billable: row.billable, final: row.final }));
    const deviceDays = days.reduce((sum, day) => sum + day.paygDevices, 0);
    const serviceContracts = contracts.filter((contract) => contract.serviceId === serviceId);
    const payg = serviceContracts.find((contract) => contract.type === "PAYG" && !contract.canceledAt);
    const todayRow = days.find((day) => day.day === today);
    const units = ratioHundredths(deviceDays, daysInMonth);
    const lastBillableDay = isCurrentMonth ? lastBillableDayOf(serviceContracts, account.billingTimezone, inactivatedOn) : null;
    const monthEnd = addDaysIso(`${month}-01`, daysInMonth - 1);
    return {
      serviceId,
      serviceName: service.name,
      unit: service.unit,
      contracts: serviceContracts.map((contract) => ({ id: contract.id, label: contractLabel(contract.number), type: contract.type, quantity: contract.quantity })),
      paygThreshold: payg?.quantity ?? null,
      activeToday: todayRow ? todayRow.active : today.startsWith(month) ? 0 : null,
      days,
      deviceDays,
      billableUnitsHundredths: units,
      monthlyActiveSeats: seatsOf(account.id, serviceId),
      forecastUnitsHundredths: isCurrentMonth ? forecastHundredths({ deviceDays, today, daysInMonth, lastBillableDay }) : null,
      forecastEndsOn: lastBillableDay !== null && lastBillableDay < monthEnd ? lastBillableDay : null,
      overThreshold: payg ? days.some((day) => day.paygDevices > payg.quantity) : false,
      ...adjustmentsOf(adjustmentRows.filter((row) => row.account_id === account.id && row.service_id === serviceId)),
    };
  });
  serviceUsage.sort((a, b) => a.serviceName.localeCompare(b.serviceName));

  const serviceName = (serviceId: string) => serviceById.get(serviceId)!.name;
  const rollup = options.withRollup ? rollUp(subtree, rollupRows ?? [], adjustmentRows, serviceName, seatsOf, daysInMonth) : null;
  const rollupPage = pageResult ? pageOfRollup(pageResult, options.rollupPage!.size, serviceName, daysInMonth) : null;

  return {
    account: { id: account.id, name: account.name, timezone: account.billingTimezone },
    month,
    daysInMonth,
    today,
    cutOffDay,
    monthFinal: addDaysIso(`${month}-01`, daysInMonth - 1) <= cutOffDay,
    services: serviceUsage,
    corrections: corrections.map((correction) => ({
      day: dbDateToIso(correction.day),
      serviceName: serviceById.get(correction.service_id)?.name ?? "",
      deviceId: correction.device_id,
      device: correction.device ?? REMOVED_DEVICE,
      delta: correction.delta,
      reason: correction.reason,
      at: correction.created_at,
      adjustsMonth: correction.adjusts_month ? dbDateToIso(correction.adjusts_month).slice(0, 7) : null,
    })),
    rollup,
    rollupPage,
  };
}

/** The local day an inactive account was inactivated (its last billable day), from its latest status period. */
async function inactivatedOnOf(db: DbTx, accountId: string, status: string, timezone: string): Promise<string | null> {
  if (status !== "INACTIVE") return null;
  const period = await db.accountStatusPeriod.findFirst({
    where: { accountId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: { status: true, startedAt: true },
  });
  return period?.status === "INACTIVE" ? todayIn(timezone, period.startedAt) : null;
}

interface CorrectionRow {
  service_id: string;
  day: Date;
  device_id: string;
  device: string | null;
  delta: number;
  reason: string;
  created_at: Date;
  adjusts_month: Date | null;
}

interface AdjustmentRow {
  account_id: string;
  service_id: string;
  day: Date;
  device: string | null;
  delta: number;
  reason: string;
}

/** Shown for a correction whose device was purged before its id was kept with it. */
const REMOVED_DEVICE = "(removed device)";

/** `next_open(account_id, service_id, month)`: per pair of `accountIds`, the month after its last roll-up. */
function nextOpenMonthCte(accountIds: string[]): Cte<never, "next_open"> {
  return cte("next_open", Prisma.sql`
      SELECT account_id, service_id, (max(month) + interval '1 month')::date AS month
      FROM usage_monthly WHERE account_id = ANY(${accountIds}::uuid[]) GROUP BY 1, 2`);
}

/**
 * `adjusting(id, account_id, service_id, day, device, delta, reason)`: the adjustments month `from`
 * carries for `accountIds` — corrections dated before it that its roll-up counted (billed_month),
 * or, while it is the pair's next open month (the month after its last roll-up), that its
 * roll-up will count (not billed yet). See roll-up-months.ts.
 */
function adjustingCte(accountIds: string[], from: Date): Cte<never, "next_open" | "adjusting"> {
  return ctes({ needs: [], provides: ["next_open", "adjusting"] }, Prisma.sql`${nextOpenMonthCte(accountIds).sql}, adjusting AS (
    SELECT c.id, c.account_id, c.service_id, c.day, COALESCE(c.device_external_id, d.external_id) AS device, c.delta, c.reason
    FROM usage_corrections c
    LEFT JOIN devices d ON d.id = c.device_id
    LEFT JOIN next_open n ON n.account_id = c.account_id AND n.service_id = c.service_id
    WHERE c.account_id = ANY(${accountIds}::uuid[]) AND c.day < ${from}::date
      AND (c.billed_month = ${from}::date OR (c.billed_month IS NULL AND n.month = ${from}::date)))`);
}

/** The adjustments month `from` carries for `accountIds`, in the order they were recorded. */
function adjustmentsSql(accountIds: string[], from: Date): Prisma.Sql {
  return withCtes(adjustingCte(accountIds, from)).select(Prisma.sql`
    SELECT account_id, service_id, day, device, delta, reason FROM adjusting ORDER BY day, id`);
}

/** A pair's adjustments and their totals; units per corrected month, at that month's length. */
function adjustmentsOf(rows: AdjustmentRow[]): Pick<ServiceUsage, "adjustments" | "adjustmentDeviceDays" | "adjustmentUnitsHundredths"> {
  const adjustments = rows.map((row) => {
    const day = dbDateToIso(row.day);
    return { correctsMonth: day.slice(0, 7), day, device: row.device ?? REMOVED_DEVICE, delta: row.delta, reason: row.reason };
  });
  const perMonth = new Map<string, number>();
  for (const adjustment of adjustments) perMonth.set(adjustment.correctsMonth, (perMonth.get(adjustment.correctsMonth) ?? 0) + adjustment.delta);
  return {
    adjustments,
    adjustmentDeviceDays: adjustments.reduce((sum, row) => sum + row.delta, 0),
    adjustmentUnitsHundredths: adjustmentUnits([...perMonth].map(([month, days]) => ({ month, days }))),
  };
}

/** Σ per corrected month of its device-days ÷ that month's days, in hundredths (each month rounded apart). */
function adjustmentUnits(months: { month: string; days: number }[]): number {
  return months.reduce((units, { month, days }) => units + Math.sign(days) * ratioHundredths(Math.abs(days), daysInMonthOf(month)), 0);
}

/** The roll-up page the database answered, in the report's terms: services by name, totals over every account. */
function pageOfRollup(result: RollupPageResult, size: number, serviceName: (serviceId: string) => string, daysInMonth: number): RollupPage {
  const byName = <T extends { serviceName: string }>(a: T, b: T) => a.serviceName.localeCompare(b.serviceName);
  const rows = result.rows.map((row) => ({
    accountId: row.account_id,
    accountName: row.account_name,
    services: row.lines
      .map((line) => ({
        serviceName: serviceName(line.service_id),
        deviceDays: line.payg_days,
        billableUnitsHundredths: ratioHundredths(line.payg_days, daysInMonth),
        monthlyActiveSeats: line.seats,
        adjustmentDeviceDays: line.adjustment_days,
        adjustmentUnitsHundredths: adjustmentUnits(line.adjustment_months),
      }))
      .sort(byName),
  }));
  const totals = result.totals
    .map((total) => ({ serviceName: serviceName(total.service_id), deviceDays: total.payg_days, monthlyActiveSeats: total.seats, adjustmentDeviceDays: total.adjustment_days }))
    .sort(byName);
  const pages = Math.max(1, Math.ceil(result.total / size));
  return { rows, first: (result.page - 1) * size + 1, page: result.page, pages, total: result.total, totals };
}

/**
 * Device-days, units, seats and adjustments per account of the subtree (in its order: names, then
 * ids, as the screen's pages) and service (by name), in one pass over the rows.
 */
function rollUp(
  subtree: { id: string; name: string }[],
  rows: RollupRow[],
  adjustmentRows: AdjustmentRow[],
  serviceName: (serviceId: string) => string,
  seatsOf: (accountId: string, serviceId: string) => number,
  daysInMonth: number,
): AccountRollup[] {
  const deviceDays = new Map<string, Map<string, number>>();
  const add = (accountId: string, serviceId: string, days: number) => {
    let services = deviceDays.get(accountId);
    if (!services) deviceDays.set(accountId, (services = new Map()));
    services.set(serviceId, (services.get(serviceId) ?? 0) + days);
  };
  for (const row of rows) add(row.account_id, row.service_id, row.payg_days);
  // A pair with adjustments only (its contract ended) still has its line.
  const adjustmentsByPair = new Map<string, AdjustmentRow[]>();
  for (const row of adjustmentRows) {
    add(row.account_id, row.service_id, 0);
    const key = `${row.account_id}/${row.service_id}`;
    adjustmentsByPair.set(key, [...(adjustmentsByPair.get(key) ?? []), row]);
  }
  return subtree.flatMap((account) => {
    const services = deviceDays.get(account.id);
    if (!services) return [];
    return [{
      accountId: account.id,
      accountName: account.name,
      services: [...services]
        .map(([serviceId, days]) => ({
          serviceName: serviceName(serviceId),
          deviceDays: days,
          billableUnitsHundredths: ratioHundredths(days, daysInMonth),
          monthlyActiveSeats: seatsOf(account.id, serviceId),
          ...pick(adjustmentsOf(adjustmentsByPair.get(`${account.id}/${serviceId}`) ?? [])),
        }))
        .sort((a, b) => a.serviceName.localeCompare(b.serviceName)),
    }];
  });
}

const pick = ({ adjustmentDeviceDays, adjustmentUnitsHundredths }: ReturnType<typeof adjustmentsOf>) => ({ adjustmentDeviceDays, adjustmentUnitsHundredths });
