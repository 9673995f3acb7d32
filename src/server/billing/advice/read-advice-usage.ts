import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { addDaysIso, dbDateToIso, isoDateToDb } from "@/lib/dates";
import type { DbTx } from "@/server/db";
import type { AdviceWindow } from "./advice-window";

/** What one subject used over its account's window, per month (oldest first). */
export interface AdviceUsage {
  accountId: string;
  subjectType: "GATEWAY" | "SERVICE" | "CONTRACT";
  subjectId: string;
  serviceId: string;
  monthlyDeviceDays: number[];
  /** Contracts: live days per month; empty otherwise. */
  monthlyLiveDays: number[];
  days: number;
  peakUnits: number;
}

export interface WindowedAccount {
  id: string;
  window: AdviceWindow;
}

/** The accounts with their windows as an SQL relation `w(account_id, from_day, until_day)`. */
function windowsSql(accounts: WindowedAccount[]): Prisma.Sql {
  return Prisma.sql`SELECT * FROM unnest(${accounts.map((a) => a.id)}::uuid[], ${accounts.map((a) => a.window.from)}::date[], ${accounts.map((a) => a.window.until)}::date[])
    AS w(account_id, from_day, until_day)`;
}

const monthIndexOf = (window: AdviceWindow, month: string) => window.months.indexOf(month);

function byKey<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

/**
 * Each gateway's PAYG days per month of its account's window, in one statement for all the accounts:
 * the days it was active on PAYG (the activity row's own flag, its licence that day) that were also
 * billed PAYG for a gateway service (a PAYG contract live, the account billable: usage_daily). Only
 * the daily activity knows which gateway was on PAYG, so this reads it — once per window
 * (docs/money.md#advice), not daily.
 */
export async function readGatewayUsage(db: DbTx, accounts: WindowedAccount[]): Promise<AdviceUsage[]> {
  if (accounts.length === 0) return [];
  const rows = await db.$queryRaw<{ account_id: string; service_id: string; gateway_id: string; month: string; days: number }[]>`
    WITH w AS (${windowsSql(accounts)}),
    paydays AS MATERIALIZED (
      SELECT u.account_id, u.service_id, u.day FROM w
      JOIN usage_daily u ON u.account_id = w.account_id AND u.day >= w.from_day AND u.day < w.until_day
      JOIN services s ON s.id = u.service_id AND s.unit = 'GATEWAY'
      WHERE u.payg AND u.billable AND u.payg_device_days > 0
    )
    SELECT p.account_id::text, p.service_id::text, d.gateway_id::text, to_char(p.day, 'YYYY-MM') AS month, count(*)::int AS days
    FROM paydays p
    JOIN device_daily_activity a ON a.account_id = p.account_id AND a.day = p.day AND a.kind = 'GATEWAY' AND a.payg
    JOIN devices d ON d.id = a.device_id AND d.account_id = a.account_id AND d.gateway_id IS NOT NULL
    GROUP BY 1, 2, 3, 4`;
  const windowOf = new Map(accounts.map((account) => [account.id, account.window]));
  return [...byKey(rows, (row) => `${row.account_id}/${row.service_id}/${row.gateway_id}`).values()].map((group) => {
    const { account_id: accountId, service_id: serviceId, gateway_id: gatewayId } = group[0]!;
    const window = windowOf.get(accountId)!;
    const monthly = window.months.map(() => 0);
    for (const row of group) monthly[monthIndexOf(window, row.month)]! += row.days;
    const days = monthly.reduce((sum, n) => sum + n, 0);
    return { accountId, subjectType: "GATEWAY", subjectId: gatewayId, serviceId, monthlyDeviceDays: monthly, monthlyLiveDays: [], days, peakUnits: 1 };
  });
}

/**
 * Services whose unit is a device, so a quantity compares with daily active devices: not per-user
 * services (the seat is the unit) nor per-room ones. (Guest WiFi's per-room package is left out by its SKU.)
 */
export const DEVICE_UNITS = ["GATEWAY", "DEVICE", "ACCESS_POINT"] as const;

/**
 * Each account's PAYG usage per service (services sold per device, DEVICE_UNITS) over its
 * window, from the metered days: device-days per month, the days with any, and the peak of daily
 * PAYG devices (the units a subscription would have needed).
 */
export async function readServiceUsage(db: DbTx, accounts: WindowedAccount[]): Promise<AdviceUsage[]> {
  if (accounts.length === 0) return [];
  const rows = await db.$queryRaw<{ account_id: string; service_id: string; month: string; device_days: number; days: number; peak: number }[]>`
    WITH w AS (${windowsSql(accounts)})
    SELECT u.account_id::text, u.service_id::text, to_char(u.day, 'YYYY-MM') AS month,
           sum(u.payg_device_days)::int AS device_days, count(*) FILTER (WHERE u.payg_device_days > 0)::int AS days, max(u.payg_device_days)::int AS peak
    FROM w
    JOIN usage_daily u ON u.account_id = w.account_id AND u.day >= w.from_day AND u.day < w.until_day
    JOIN services s ON s.id = u.service_id AND s.unit::text = ANY(${[...DEVICE_UNITS]}::text[])
    WHERE u.payg AND u.billable
    GROUP BY 1, 2, 3`;
  const windowOf = new Map(accounts.map((account) => [account.id, account.window]));
  return [...byKey(rows, (row) => `${row.account_id}/${row.service_id}`).values()].flatMap((group) => {
    const { account_id: accountId, service_id: serviceId } = group[0]!;
    const window = windowOf.get(accountId)!;
    const monthly = window.months.map(() => 0);
    let days = 0;
    let peak = 0;
    for (const row of group) {
      monthly[monthIndexOf(window, row.month)]! += row.device_days;
      days += row.days;
      peak = Math.max(peak, row.peak);
    }
    if (peak === 0) return [];
    return [{ accountId, subjectType: "SERVICE" as const, subjectId: serviceId, serviceId, monthlyDeviceDays: monthly, monthlyLiveDays: [], days, peakUnits: peak }];
  });
}

export interface LiveSubscription {
  id: string;
  accountId: string;
  serviceId: string;
  registeredOn: Date;
  expiresOn: Date | null;
}

/**
 * Each subscription contract's usage over the days of the window it was live: every active device
 * of its service on billable days (device-days per month, and the peak of a day), and its live days
 * per month (registration to expiry, as it is billed).
 */
export async function readContractUsage(db: DbTx, accounts: WindowedAccount[], contracts: LiveSubscription[]): Promise<AdviceUsage[]> {
  const windowOf = new Map(accounts.map((account) => [account.id, account.window]));
  const mine = contracts.filter((contract) => windowOf.has(contract.accountId));
  if (mine.length === 0) return [];
  const rows = await db.$queryRaw<{ contract_id: string; month: string; device_days: number; peak: number }[]>`
    WITH w AS (${windowsSql(accounts)})
    SELECT c.id::text AS contract_id, to_char(u.day, 'YYYY-MM') AS month, sum(u.active_devices)::int AS device_days, max(u.active_devices)::int AS peak
    FROM contracts c
    JOIN w ON w.account_id = c.account_id
    JOIN usage_daily u ON u.account_id = c.account_id AND u.service_id = c.service_id
      AND u.day >= GREATEST(c.registered_on, w.from_day) AND u.day < w.until_day AND (c.expires_on IS NULL OR u.day <= c.expires_on)
    WHERE c.id = ANY(${mine.map((contract) => contract.id)}::uuid[]) AND u.billable
    GROUP BY 1, 2`;
  const usageOf = byKey(rows, (row) => row.contract_id);
  return mine.flatMap((contract) => {
    const window = windowOf.get(contract.accountId)!;
    const liveDays = liveDaysPerMonth(window, dbDateToIso(contract.registeredOn), contract.expiresOn ? dbDateToIso(contract.expiresOn) : null);
    const days = liveDays.reduce((sum, n) => sum + n, 0);
    if (days === 0) return [];
    const monthly = window.months.map(() => 0);
    let peak = 0;
    for (const row of usageOf.get(contract.id) ?? []) {
      monthly[monthIndexOf(window, row.month)]! += row.device_days;
      peak = Math.max(peak, row.peak);
    }
    return [{ accountId: contract.accountId, subjectType: "CONTRACT" as const, subjectId: contract.id, serviceId: contract.serviceId, monthlyDeviceDays: monthly, monthlyLiveDays: liveDays, days, peakUnits: peak }];
  });
}

/** The days of each window month a contract registered on `from` and expiring on `to` (inclusive) was live. */
export function liveDaysPerMonth(window: AdviceWindow, from: string, to: string | null): number[] {
  return window.months.map((month, index) => {
    const first = `${month}-01`;
    const last = addDaysIso(first, window.monthDays[index]! - 1);
    const start = from > first ? from : first;
    const end = to !== null && to < last ? to : last;
    return end < start ? 0 : dayNumber(end) - dayNumber(start) + 1;
  });
}

const dayNumber = (isoDate: string) => Math.round(isoDateToDb(isoDate).getTime() / 86_400_000);
