import "server-only";
import { POOL_SHORT_DEFAULT_DAYS } from "@/lib/alert-kinds";
import { dbDateToIso, todayIn } from "@/lib/dates";
import { daysInMonthOf } from "@/lib/dates";
import { firstOfMonth, firstOfNextMonth } from "@/lib/pool-proration";
import type { DbTx } from "@/server/db";
import { can } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { getPointsBalance } from "@/server/points/points-ledger";
import { getPartnerInReach, listPoolServices } from "@/server/accounts/get-partner-in-reach";
import { FIRST_PAGE, type PageRequest } from "@/lib/list-params";
import { listMonthlyAssignments } from "./list-monthly-assignments";

/**
 * Warn this many days ahead of the 1st when the next renewal will be short, unless the partner set
 * its own days in its "pool short at the next renewal" alert (docs/money.md#alerts).
 */
export const SHORTFALL_WARNING_DAYS = POOL_SHORT_DEFAULT_DAYS;

export interface RenewalForecast {
  needed: number;
  /** Licences exchanged ahead, plus what the points balance buys when automatic exchange is on. */
  covered: number;
  short: number;
  /** Days until the renewal (the 1st of next month). */
  daysAhead: number;
  warn: boolean;
}

/** Pure: will the next renewal be short, and is it close enough to warn? */
export function forecastRenewal(options: {
  needed: number;
  renewalLicences: number;
  autoExchange: boolean;
  balance: number;
  price: number;
  daysAhead: number;
  /** Days ahead from which a shortfall is warned about (the partner's alert setting). */
  warningDays?: number;
}): RenewalForecast {
  const fromPoints = options.autoExchange && options.price > 0 ? Math.floor(options.balance / options.price) : 0;
  const covered = Math.min(options.needed, options.renewalLicences + fromPoints);
  const short = options.needed - covered;
  return { needed: options.needed, covered, short, daysAhead: options.daysAhead, warn: short > 0 && options.daysAhead <= (options.warningDays ?? SHORTFALL_WARNING_DAYS) };
}

interface PoolForForecast {
  id: string;
  renewalLicences: number;
  autoExchange: boolean;
  service: { pointsPerLicence: number | null };
}

/** Devices the next renewal needs (live clients only, counted by the database) and its forecast against the points balance. */
function poolForecast(pool: PoolForForecast, needed: Map<string, number>, balance: number, daysAhead: number, warningDays: number) {
  const devices = needed.get(pool.id) ?? 0;
  const forecast = forecastRenewal({
    needed: devices,
    renewalLicences: pool.renewalLicences,
    autoExchange: pool.autoExchange,
    balance,
    price: pool.service.pointsPerLicence ?? 0,
    daysAhead,
    warningDays,
  });
  return { needed: devices, forecast };
}

/**
 * Per monthly pool of the partner, the devices of its live (not inactive) clients: what the next
 * renewal needs. Summed by the database, never by loading every client's assignment.
 */
async function liveDevicesByPool(db: DbTx, partnerId: string): Promise<Map<string, number>> {
  const sums = await db.monthlyAssignment.groupBy({
    by: ["poolId"],
    where: { pool: { accountId: partnerId }, devices: { gt: 0 }, client: { status: { not: "INACTIVE" } } },
    _sum: { devices: true },
  });
  return new Map(sums.map((sum) => [sum.poolId, sum._sum.devices ?? 0]));
}

/**
 * The partner's days ahead for "pool short at the next renewal": the page's warning and the alert of
 * the daily run (docs/money.md#alerts) use the same forecast and the same days.
 */
async function warningDaysOf(db: DbTx, partnerId: string): Promise<number> {
  const setting = await db.alertSetting.findUnique({ where: { accountId_kind: { accountId: partnerId, kind: "POOL_SHORT" } }, select: { threshold: true } });
  return setting?.threshold ?? SHORTFALL_WARNING_DAYS;
}

/** Days until the renewal on the 1st, counting today. */
const daysUntilRenewal = (today: string) => daysInMonthOf(today) - Number(today.slice(8, 10)) + 1;

/** The pools whose next renewal will be short soon enough to warn (the reconciliation view), without the rest of the pools page. */
export async function getRenewalWarnings(db: DbTx, partner: { id: string; billingTimezone: string }, now: Date) {
  const today = todayIn(partner.billingTimezone, now);
  const [balance, pools, needed, warningDays] = await Promise.all([
    getPointsBalance(db, partner.id),
    db.monthlyPool.findMany({
      where: { accountId: partner.id },
      include: { service: { select: { name: true, pointsPerLicence: true } } },
      orderBy: { service: { name: "asc" } },
    }),
    liveDevicesByPool(db, partner.id),
    warningDaysOf(db, partner.id),
  ]);
  return pools
    .map((pool) => ({ product: pool.service.name, ...poolForecast(pool, needed, balance, daysUntilRenewal(today), warningDays).forecast, nextFirst: firstOfNextMonth(today) }))
    .filter((warning) => warning.warn);
}

/**
 * The monthly pools page: pools, one page of each pool's clients in renewal order
 * (docs/pools-and-points.md#clients-in-renewal-order), forecast, renewal and shortfall history.
 * `page` positions the list of the pool `pagedPoolId`; the other pools show their first page.
 */
export async function getMonthlyPools(
  db: DbTx,
  options: { actor: Actor; partnerId: string; now?: Date; pagedPoolId?: string; page?: PageRequest; pageSize?: number },
) {
  const now = options.now ?? new Date();
  const partner = await getPartnerInReach(db, options.actor, options.partnerId);
  const today = todayIn(partner.billingTimezone, now);
  const nextFirst = firstOfNextMonth(today);
  const daysAhead = daysUntilRenewal(today);
  const [balance, services, pools, needed, notices, warningDays] = await Promise.all([
    getPointsBalance(db, partner.id),
    listPoolServices(db),
    db.monthlyPool.findMany({
      where: { accountId: partner.id },
      include: {
        service: { select: { name: true, code: true, pointsPerLicence: true } },
        renewals: {
          orderBy: { month: "desc" },
          take: 12,
          // The history names the clients a renewal discounted; the others' lines are not read.
          include: { lines: { where: { discounted: { gt: 0 } }, include: { client: { select: { name: true } } }, orderBy: { position: "asc" } } },
        },
      },
      orderBy: { service: { name: "asc" } },
    }),
    liveDevicesByPool(db, partner.id),
    db.renewalShortfallNotice.findMany({ where: { accountId: partner.id }, orderBy: { createdAt: "desc" }, take: 10 }),
    warningDaysOf(db, partner.id),
  ]);
  const assignmentPages = await Promise.all(
    pools.map((pool) =>
      listMonthlyAssignments(db, {
        poolId: pool.id,
        page: pool.id === options.pagedPoolId ? options.page : FIRST_PAGE,
        pageSize: options.pageSize,
      }),
    ),
  );
  const currentMonth = firstOfMonth(today);
  return {
    partner,
    canManage: can(options.actor, "account:manage", partner),
    today,
    nextFirst,
    balance,
    services,
    notices,
    pools: pools.map((pool, index) => {
      const renewalPending = dbDateToIso(pool.month) < currentMonth;
      const forecast = poolForecast(pool, needed, balance, daysAhead, warningDays);
      return {
        id: pool.id,
        product: pool.service.name,
        serviceCode: pool.service.code,
        price: pool.service.pointsPerLicence ?? 0,
        month: dbDateToIso(pool.month),
        renewalPending,
        // Free slots of an earlier month expired on the 1st.
        availableDevices: renewalPending ? 0 : pool.availableDevices,
        renewalLicences: pool.renewalLicences,
        autoExchange: pool.autoExchange,
        assignedDevices: forecast.needed,
        assignments: assignmentPages[index]!,
        forecast: forecast.forecast,
        renewals: pool.renewals.map((renewal) => ({
          id: renewal.id,
          month: dbDateToIso(renewal.month),
          needed: renewal.neededLicences,
          renewed: renewal.renewedLicences,
          autoExchanged: renewal.autoExchangedLicences,
          pointsSpent: renewal.pointsSpent,
          shortfall: renewal.shortfall,
          /** The clients the renewal discounted devices of, in renewal order. */
          discountedLines: renewal.lines.map((line) => ({ clientName: line.client.name, position: line.position, needed: line.needed, renewed: line.renewed, discounted: line.discounted })),
        })),
      };
    }),
  };
}
