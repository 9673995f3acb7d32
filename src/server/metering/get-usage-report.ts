import { Prisma, type ServiceUnit } from "@/generated/prisma/client";
import { dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import { invalid } from "@/lib/errors";
import { DATE_WINDOW_MESSAGE, isBoundedMonth } from "@/lib/input-schemas";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { addDaysIso, daysInMonthOf } from "@/lib/dates";
import { contractLabel } from "@/server/contracts/load-contract";
import { LATE_WINDOW_DAYS } from "./device-service-match";
import { monthlySeatsSql } from "./seat-store";
import { usageRowsSql } from "./usage-rows-sql";

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
  /** Month-end PAYG units from the run rate so far, in hundredths; null once the month is over. */
  forecastUnitsHundredths: number | null;
  overThreshold: boolean;
}

export interface AccountRollup {
  accountId: string;
  accountName: string;
  services: { serviceName: string; deviceDays: number; billableUnitsHundredths: number; monthlyActiveSeats: number }[];
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
  corrections: { day: string; serviceName: string; deviceId: string; delta: number; reason: string; at: Date }[];
  rollup: AccountRollup[] | null;
}

/** The month asked for (YYYY-MM, inside the date window of docs/input-validation.md), or the fallback. */
export function parseMonth(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw invalid("Choose a month as YYYY-MM.", { month: ["Use the form YYYY-MM."] });
  if (!isBoundedMonth(value)) throw invalid(DATE_WINDOW_MESSAGE, { month: [DATE_WINDOW_MESSAGE] });
  return value;
}

/** hundredths of (numerator ÷ denominator), rounded half up, in integers. */
export function ratioHundredths(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : Math.floor((numerator * 200 + denominator) / (2 * denominator));
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
  options: { actor: Actor; accountId: string; month?: string; now?: Date; withRollup?: boolean },
): Promise<UsageReport> {
  const { account, role } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(role, "usage:read");
  const now = options.now ?? new Date();
  const today = todayIn(account.billingTimezone, now);
  const month = parseMonth(options.month, today.slice(0, 7));
  const from = isoDateToDb(`${month}-01`);
  const daysInMonth = daysInMonthOf(month);
  const until = isoDateToDb(addDaysIso(`${month}-01`, daysInMonth));
  const cutOffDay = addDaysIso(today, -(LATE_WINDOW_DAYS + 1));
  const subtree = options.withRollup
    ? (await db.account.findMany({ where: { path: { startsWith: account.path } }, select: { id: true, name: true } }))
    : [{ id: account.id, name: account.name }];
  const ids = subtree.map((row) => row.id);

  const open = usageRowsSql({ now, accountIds: ids, window: "open" });
  const [rows, seats, services, contracts, corrections] = await Promise.all([
    // Final days from the metered records, the days still open counted live.
    db.$queryRaw<UsageRow[]>(Prisma.sql`
      WITH ${open}
      SELECT account_id, service_id, day, active_devices AS active, payg_device_days AS payg_days, billable, true AS final
      FROM usage_daily WHERE account_id = ANY(${ids}::uuid[]) AND day >= ${from} AND day < ${until}
      UNION ALL
      SELECT account_id, service_id, day, active, payg_days, billable, false
      FROM counted WHERE day >= ${from} AND day < ${until}
      ORDER BY account_id, service_id, day`),
    db.$queryRaw<{ account_id: string; service_id: string; seats: number }[]>(
      Prisma.sql`WITH ${open}${monthlySeatsSql({ accountIds: ids, from, until })}`,
    ),
    db.service.findMany({ select: { id: true, name: true, unit: true } }),
    db.contract.findMany({
      where: { accountId: account.id, registeredOn: { lt: until }, OR: [{ expiresOn: null }, { expiresOn: { gte: from } }] },
      select: { id: true, number: true, serviceId: true, type: true, quantity: true, canceledAt: true },
      orderBy: { number: "asc" },
    }),
    db.usageCorrection.findMany({
      where: { accountId: account.id, day: { gte: from, lt: until } },
      orderBy: [{ day: "asc" }, { id: "asc" }],
    }),
  ]);

  const serviceById = new Map(services.map((service) => [service.id, service]));
  const seatsByKey = new Map(seats.map((row) => [`${row.account_id}/${row.service_id}`, row.seats]));
  const seatsOf = (accountId: string, serviceId: string) => seatsByKey.get(`${accountId}/${serviceId}`) ?? 0;
  // The forecast runs on the current month only: month-end units = device-days so far ÷ days elapsed.
  const isCurrentMonth = today.startsWith(month);
  const elapsedDays = isCurrentMonth ? Number(today.slice(8, 10)) : 0;

  const own = rows.filter((row) => row.account_id === account.id);
  const serviceIds = [...new Set([...own.map((row) => row.service_id), ...contracts.map((c) => c.serviceId)])];
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
      forecastUnitsHundredths: isCurrentMonth ? ratioHundredths(deviceDays, elapsedDays) : null,
      overThreshold: payg ? days.some((day) => day.paygDevices > payg.quantity) : false,
    };
  });
  serviceUsage.sort((a, b) => a.serviceName.localeCompare(b.serviceName));

  const rollup = options.withRollup ? rollUp(subtree, rows, (serviceId) => serviceById.get(serviceId)!.name, seatsOf, daysInMonth) : null;

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
      serviceName: serviceById.get(correction.serviceId)?.name ?? "",
      deviceId: correction.deviceId,
      delta: correction.delta,
      reason: correction.reason,
      at: correction.createdAt,
    })),
    rollup,
  };
}

/** Device-days, units and seats per account of the subtree and service, in one pass over the rows. */
function rollUp(
  subtree: { id: string; name: string }[],
  rows: UsageRow[],
  serviceName: (serviceId: string) => string,
  seatsOf: (accountId: string, serviceId: string) => number,
  daysInMonth: number,
): AccountRollup[] {
  const deviceDays = new Map<string, Map<string, number>>();
  for (const row of rows) {
    let services = deviceDays.get(row.account_id);
    if (!services) deviceDays.set(row.account_id, (services = new Map()));
    services.set(row.service_id, (services.get(row.service_id) ?? 0) + row.payg_days);
  }
  return subtree
    .flatMap((account) => {
      const services = deviceDays.get(account.id);
      if (!services) return [];
      return [{
        accountId: account.id,
        accountName: account.name,
        services: [...services].map(([serviceId, days]) => ({
          serviceName: serviceName(serviceId),
          deviceDays: days,
          billableUnitsHundredths: ratioHundredths(days, daysInMonth),
          monthlyActiveSeats: seatsOf(account.id, serviceId),
        })),
      }];
    })
    .sort((a, b) => a.accountName.localeCompare(b.accountName));
}
