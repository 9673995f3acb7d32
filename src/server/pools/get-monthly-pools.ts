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
  renewalLicences: number;
  autoExchange: boolean;
  service: { pointsPerLicence: number | null };
  assignments: { devices: number; client: { status: string } }[];
}

/** Devices the next renewal needs (live clients only) and its forecast against the points balance. */
function poolForecast(pool: PoolForForecast, balance: number, daysAhead: number, warningDays: number) {
  const needed = pool.assignments.filter((a) => a.client.status !== "INACTIVE").reduce((sum, a) => sum + a.devices, 0);
  const forecast = forecastRenewal({
    needed,
    renewalLicences: pool.renewalLicences,
    autoExchange: pool.autoExchange,
    balance,
    price: pool.service.pointsPerLicence ?? 0,
    daysAhead,
    warningDays,
  });
  return { needed, forecast };
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
  const [balance, pools, warningDays] = await Promise.all([
    getPointsBalance(db, partner.id),
    db.monthlyPool.findMany({
      where: { accountId: partner.id },
      include: {
        service: { select: { name: true, pointsPerLicence: true } },
        assignments: { where: { devices: { gt: 0 } }, select: { devices: true, client: { select: { status: true } } } },
      },
      orderBy: { service: { name: "asc" } },
    }),
    warningDaysOf(db, partner.id),
  ]);
  return pools
    .map((pool) => ({ product: pool.service.name, ...poolForecast(pool, balance, daysUntilRenewal(today), warningDays).forecast, nextFirst: firstOfNextMonth(today) }))
    .filter((warning) => warning.warn);
}

/** The monthly pools page: pools, clients in renewal order, forecast, renewal and shortfall history. */
export async function getMonthlyPools(db: DbTx, options: { actor: Actor; partnerId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const partner = await getPartnerInReach(db, options.actor, options.partnerId);
  const today = todayIn(partner.billingTimezone, now);
  const nextFirst = firstOfNextMonth(today);
  const daysAhead = daysUntilRenewal(today);
  const [balance, services, pools, clients, notices, warningDays] = await Promise.all([
    getPointsBalance(db, partner.id),
    listPoolServices(db),
    db.monthlyPool.findMany({
      where: { accountId: partner.id },
      include: {
        service: { select: { name: true, code: true, pointsPerLicence: true } },
        assignments: {
          where: { devices: { gt: 0 } },
          include: { client: { select: { name: true, status: true } } },
          orderBy: [{ priority: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }, { id: "asc" }],
        },
        renewals: { orderBy: { month: "desc" }, take: 12, include: { lines: { include: { client: { select: { name: true } } }, orderBy: { position: "asc" } } } },
      },
      orderBy: { service: { name: "asc" } },
    }),
    db.account.findMany({ where: { parentId: partner.id, status: { not: "INACTIVE" } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.renewalShortfallNotice.findMany({ where: { accountId: partner.id }, orderBy: { createdAt: "desc" }, take: 10 }),
    warningDaysOf(db, partner.id),
  ]);
  const currentMonth = firstOfMonth(today);
  return {
    partner,
    canManage: can(options.actor, "account:manage", partner),
    today,
    nextFirst,
    balance,
    services,
    clients,
    notices,
    pools: pools.map((pool) => {
      const renewalPending = dbDateToIso(pool.month) < currentMonth;
      const { needed, forecast } = poolForecast(pool, balance, daysAhead, warningDays);
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
        assignedDevices: needed,
        assignments: pool.assignments.map((a, index) => ({
          id: a.id,
          order: index + 1,
          clientAccountId: a.clientAccountId,
          clientName: a.client.name,
          devices: a.devices,
          priority: a.priority,
          assignedOn: a.createdAt,
        })),
        forecast,
        renewals: pool.renewals.map((renewal) => ({
          id: renewal.id,
          month: dbDateToIso(renewal.month),
          needed: renewal.neededLicences,
          renewed: renewal.renewedLicences,
          autoExchanged: renewal.autoExchangedLicences,
          pointsSpent: renewal.pointsSpent,
          shortfall: renewal.shortfall,
          lines: renewal.lines.map((line) => ({ clientName: line.client.name, position: line.position, needed: line.needed, renewed: line.renewed, discounted: line.discounted })),
        })),
      };
    }),
  };
}
