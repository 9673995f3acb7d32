import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { AlertKind } from "@/generated/prisma/enums";
import { ALERT_DEFAULTS } from "@/lib/alert-kinds";
import { contractLabel } from "@/lib/contract-label";
import { addDaysIso, daysInMonthOf, dbDateToIso, todayIn } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { firstOfNextMonth } from "@/lib/pool-proration";
import { formatCount, noun } from "@/lib/plural";
import type { DbTx } from "@/server/db";
import { forecastRenewal } from "@/server/pools/get-monthly-pools";
import { forecastCharges } from "./forecast-charges";

/** An alert to raise once per (account, kind, subject, period) (docs/money.md#alerts). */
export interface AlertCandidate {
  accountId: string;
  kind: AlertKind;
  /** What it is about: a contract, a service, a pool; "" for the account itself. */
  subject: string;
  /** "YYYY-MM" or "YYYY-MM-DD". */
  period: string;
  title: string;
  message: string;
  link: string;
}

export interface CandidateScope {
  now: Date;
  /** Only these accounts (tests); the daily run looks at every account. */
  accountIds?: string[];
}

/** Days back the daily run looks for PAYG days over the quantity: a month is alerted once, late or not. */
const OVER_QUANTITY_LOOKBACK_DAYS = 35;
/** Final days looked at for spikes and drops: a week, so a missed run is caught up, older news is not sent. */
const SPIKE_LOOKBACK_DAYS = 7;

/** The accounts looked at, each with its local today; inactive accounts bill nothing and are left out. */
function accountsSql(scope: CandidateScope): Prisma.Sql {
  const only = scope.accountIds ? Prisma.sql`AND a.id = ANY(${scope.accountIds}::uuid[])` : Prisma.empty;
  return Prisma.sql`SELECT a.id, a.name, a.billing_timezone AS tz, (${scope.now}::timestamptz AT TIME ZONE a.billing_timezone)::date AS today
    FROM accounts a WHERE a.status <> 'INACTIVE' ${only}`;
}

/** An account's setting of `kind` joined as `alias` (absent = the defaults of ALERT_DEFAULTS). */
function settingJoin(alias: string, kind: AlertKind): Prisma.Sql {
  const s = Prisma.raw(alias);
  return Prisma.sql`LEFT JOIN alert_settings ${s} ON ${s}.account_id = acc.id AND ${s}.kind = ${kind}::"AlertKind"`;
}
const enabledSql = (alias: string, kind: AlertKind) => Prisma.sql`COALESCE(${Prisma.raw(alias)}.enabled, ${ALERT_DEFAULTS[kind].enabled})`;
const thresholdSql = (alias: string, kind: AlertKind) => Prisma.sql`COALESCE(${Prisma.raw(alias)}.threshold, ${ALERT_DEFAULTS[kind].threshold ?? 0}::int)`;
const minDevicesSql = (alias: string, kind: AlertKind) => Prisma.sql`COALESCE(${Prisma.raw(alias)}.min_devices, ${ALERT_DEFAULTS[kind].minDevices ?? 1}::int)`;

/** The earliest local day any account can be on at `now` minus `days` (a bound for the (day) index). */
const earliestDay = (now: Date, days: number) => addDaysIso(todayIn("Etc/GMT+12", now), -days);

/**
 * PAYG usage over the contract's quantity: a final day (metered) whose PAYG devices pass the quantity
 * of the PAYG contract live that day (the latest registered), once per contract and month — the
 * first such day of the month names it.
 */
export async function paygOverQuantity(db: DbTx, scope: CandidateScope): Promise<AlertCandidate[]> {
  const rows = await db.$queryRaw<{ account_id: string; service_name: string; day: Date; devices: number; contract_id: string; number: number; quantity: number }[]>`
    WITH acc AS (${accountsSql(scope)})
    SELECT DISTINCT ON (u.account_id, c.id, date_trunc('month', u.day))
      u.account_id::text, sv.name AS service_name, u.day, u.payg_device_days AS devices, c.id::text AS contract_id, c.number, c.quantity
    FROM acc
    ${settingJoin("s", "PAYG_OVER_QUANTITY")}
    JOIN usage_daily u ON u.account_id = acc.id AND u.day >= ${earliestDay(scope.now, OVER_QUANTITY_LOOKBACK_DAYS)}::date
      AND u.day >= acc.today - ${OVER_QUANTITY_LOOKBACK_DAYS}::int
    JOIN services sv ON sv.id = u.service_id
    CROSS JOIN LATERAL (
      SELECT c.id, c.number, c.quantity FROM contracts c
      WHERE c.account_id = u.account_id AND c.service_id = u.service_id AND c.type = 'PAYG'
        AND c.registered_on <= u.day AND (c.expires_on IS NULL OR c.expires_on >= u.day)
        AND (c.canceled_at IS NULL OR (c.canceled_at AT TIME ZONE acc.tz)::date >= u.day)
      ORDER BY c.registered_on DESC, c.number DESC LIMIT 1
    ) c
    WHERE ${enabledSql("s", "PAYG_OVER_QUANTITY")} AND u.payg AND u.billable AND u.payg_device_days > c.quantity
    ORDER BY u.account_id, c.id, date_trunc('month', u.day), u.day`;
  return rows.map((row) => {
    const day = dbDateToIso(row.day);
    const label = contractLabel(row.number);
    return {
      accountId: row.account_id,
      kind: "PAYG_OVER_QUANTITY",
      subject: row.contract_id,
      period: day.slice(0, 7),
      title: `PAYG usage passed the quantity of ${label}`,
      message: `${row.service_name}: ${formatCount(row.devices, noun("device"))} on PAYG on ${day}, over the quantity of ${label} (${row.quantity}).`,
      link: `/a/${row.account_id}/usage?month=${day.slice(0, 7)}`,
    };
  });
}

/**
 * Day-over-day spikes and drops of a service's active devices on final days: a change beyond the
 * account's percentage of the day before and by at least its number of devices (both days billable).
 * Once per service and day; the last week of final days is looked at.
 */
export async function usageSpikesAndDrops(db: DbTx, scope: CandidateScope): Promise<AlertCandidate[]> {
  const rows = await db.$queryRaw<{ account_id: string; service_id: string; service_name: string; day: Date; before: number; after: number; kind: "USAGE_SPIKE" | "USAGE_DROP" }[]>`
    WITH acc AS (${accountsSql(scope)}),
    pairs AS (
      SELECT acc.id AS account_id, cur.service_id, cur.day, prev.active_devices AS before, cur.active_devices AS after
      FROM acc
      JOIN usage_daily cur ON cur.account_id = acc.id AND cur.day >= ${earliestDay(scope.now, SPIKE_LOOKBACK_DAYS + 4)}::date
        AND cur.day > acc.today - ${SPIKE_LOOKBACK_DAYS + 4}::int
      JOIN usage_daily prev ON prev.account_id = cur.account_id AND prev.service_id = cur.service_id AND prev.day = cur.day - 1
      WHERE cur.billable AND prev.billable AND cur.active_devices <> prev.active_devices
    )
    SELECT p.account_id::text, p.service_id::text, sv.name AS service_name, p.day, p.before, p.after,
      CASE WHEN p.after > p.before THEN 'USAGE_SPIKE' ELSE 'USAGE_DROP' END AS kind
    FROM pairs p
    JOIN acc ON acc.id = p.account_id
    JOIN services sv ON sv.id = p.service_id
    ${settingJoin("up", "USAGE_SPIKE")}
    ${settingJoin("down", "USAGE_DROP")}
    WHERE (p.after > p.before AND ${enabledSql("up", "USAGE_SPIKE")}
           AND p.after - p.before >= ${minDevicesSql("up", "USAGE_SPIKE")} AND (p.after - p.before) * 100 > ${thresholdSql("up", "USAGE_SPIKE")} * p.before)
       OR (p.after < p.before AND ${enabledSql("down", "USAGE_DROP")}
           AND p.before - p.after >= ${minDevicesSql("down", "USAGE_DROP")} AND (p.before - p.after) * 100 > ${thresholdSql("down", "USAGE_DROP")} * p.before)`;
  return rows.map((row) => {
    const day = dbDateToIso(row.day);
    const rise = row.kind === "USAGE_SPIKE";
    const percent = row.before === 0 ? null : Math.round((Math.abs(row.after - row.before) * 100) / row.before);
    const change = percent === null ? "" : ` (${rise ? "+" : "−"}${percent.toLocaleString("en")} %)`;
    return {
      accountId: row.account_id,
      kind: row.kind,
      subject: row.service_id,
      period: day,
      title: `${rise ? "Usage spike" : "Usage drop"}: ${row.service_name} on ${day}`,
      message: `Active devices of ${row.service_name} ${rise ? "rose" : "fell"} from ${row.before.toLocaleString("en")} to ${row.after.toLocaleString("en")} on ${day}${change}.`,
      link: `/a/${row.account_id}/usage?month=${day.slice(0, 7)}`,
    };
  });
}

/**
 * The month-end forecast of an account's charges over its budget (a setting with a budget, on):
 * once per month. Only accounts with a budget are priced.
 */
export async function forecastOverBudget(db: DbTx, scope: CandidateScope): Promise<AlertCandidate[]> {
  const budgets = await db.alertSetting.findMany({
    where: {
      kind: "FORECAST_OVER_BUDGET",
      enabled: true,
      threshold: { gt: 0 },
      account: { status: { not: "INACTIVE" }, ...(scope.accountIds ? { id: { in: scope.accountIds } } : {}) },
    },
    select: { threshold: true, account: { select: { id: true, name: true, parentId: true, billingTimezone: true } } },
  });
  if (budgets.length === 0) return [];
  const forecasts = await forecastCharges(db, { accounts: budgets.map((row) => row.account), now: scope.now });
  return budgets.flatMap(({ threshold, account }) => {
    const forecast = forecasts.get(account.id);
    if (!forecast || forecast.forecastMinor <= BigInt(threshold!)) return [];
    const money = (minor: bigint | number) => formatMoney(minor, forecast.currency);
    return [
      {
        accountId: account.id,
        kind: "FORECAST_OVER_BUDGET" as const,
        subject: "",
        period: forecast.month,
        title: `The forecast of ${forecast.month} is over the budget`,
        message: `The month-end forecast of ${account.name}'s charges for ${forecast.month} is ${money(forecast.forecastMinor)} (${money(forecast.totalMinor)} so far), over the budget of ${money(threshold!)}.`,
        link: `/a/${account.id}/usage?month=${forecast.month}`,
      },
    ];
  });
}

/**
 * Monthly pools whose next renewal (the 1st of the partner's next month) will be short — the same
 * forecast as the pool page's warning (forecastRenewal: licences exchanged ahead plus what the
 * points balance buys when exchange is automatic) — announced from the partner's days ahead (7 unless
 * set). Once per pool and renewal month.
 */
export async function poolsShortAtRenewal(db: DbTx, scope: CandidateScope): Promise<AlertCandidate[]> {
  const pools = await db.$queryRaw<
    { id: string; account_id: string; timezone: string; product: string; price: number | null; renewal_licences: number; auto_exchange: boolean; needed: number; balance: number; enabled: boolean; days: number }[]
  >`
    WITH acc AS (${accountsSql(scope)})
    SELECT p.id::text, p.account_id::text, acc.tz AS timezone, sv.name AS product, sv.points_per_licence AS price, p.renewal_licences, p.auto_exchange,
      COALESCE((SELECT sum(ma.devices) FROM monthly_assignments ma JOIN accounts c ON c.id = ma.client_account_id
                WHERE ma.pool_id = p.id AND ma.devices > 0 AND c.status <> 'INACTIVE'), 0)::int AS needed,
      COALESCE(b.balance, 0) AS balance, ${enabledSql("s", "POOL_SHORT")} AS enabled, ${thresholdSql("s", "POOL_SHORT")} AS days
    FROM acc
    JOIN monthly_pools p ON p.account_id = acc.id
    JOIN services sv ON sv.id = p.service_id
    LEFT JOIN points_balances b ON b.account_id = p.account_id
    ${settingJoin("s", "POOL_SHORT")}`;
  return pools.flatMap((pool) => {
    if (!pool.enabled) return [];
    const today = todayIn(pool.timezone, scope.now);
    const daysAhead = daysInMonthOf(today) - Number(today.slice(8, 10)) + 1;
    const forecast = forecastRenewal({
      needed: pool.needed,
      renewalLicences: pool.renewal_licences,
      autoExchange: pool.auto_exchange,
      balance: pool.balance,
      price: pool.price ?? 0,
      daysAhead,
      warningDays: pool.days,
    });
    if (!forecast.warn) return [];
    const nextFirst = firstOfNextMonth(today);
    return [
      {
        accountId: pool.account_id,
        kind: "POOL_SHORT" as const,
        subject: pool.id,
        period: nextFirst.slice(0, 7),
        title: `The renewal of ${pool.product} on ${nextFirst} will be short`,
        message:
          `The renewal of ${pool.product} on ${nextFirst} will be short: ${formatCount(forecast.needed, noun("licence"))} needed, ${forecast.covered} covered. ` +
          `${formatCount(forecast.short, noun("device"))} will lose protection unless you exchange ${(forecast.short * (pool.price ?? 0)).toLocaleString("en")} more points for the renewal.`,
        link: `/a/${pool.account_id}/pools/monthly`,
      },
    ];
  });
}
