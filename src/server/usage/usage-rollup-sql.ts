import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { cte, withCtes, type Cte, type CteChain } from "@/server/db/with-ctes";
import { monthlySeatsCte } from "./seat-store";
import { usageRowsSql, type UsageRowsCtes } from "./usage-rows-sql";

/** One line of the roll-up: an (account, service) pair's PAYG device-days and seats in the month. */
export interface RollupRow {
  account_id: string;
  service_id: string;
  payg_days: number;
  seats: number;
}

/**
 * The roll-up of `accountIds` for the month [from, until), as the CTE `rollup_pairs(account_id,
 * service_id, payg_days, seats)`: a row per (account, service) with usage in the month, never a
 * row per day: the metered days' device-days as kept per month (usage_month_days,
 * docs/metering.md#month-to-date) plus the open days computed live by the metering's own
 * definition (usageRowsSql, window "open" — the two never overlap: open days start after each
 * watermark), and the month's seats, read after the same open days. The per-day rows of
 * usageDaysSql add up to the same figures; the roll-up of 1,000 accounts just no longer reads or
 * sends them.
 */
function rollupPairsSql(options: { now: Date; accountIds: string[]; from: Date; until: Date }): CteChain<UsageRowsCtes | "open_sums" | "open_pairs" | "month_seats" | "rollup_pairs"> {
  const { now, accountIds, from, until } = options;
  return withCtes(usageRowsSql({ now, accountIds, window: "open" }))
    .and(monthlySeatsCte({ accountIds, from, until }))
    .and(cte("rollup_pairs", Prisma.sql`
    SELECT d.account_id, d.service_id, d.payg_days, COALESCE(s.seats, 0) AS seats
    FROM (
      SELECT account_id, service_id, sum(days)::int AS payg_days
      FROM (
        SELECT account_id, service_id, payg_device_days AS days FROM usage_month_days
        WHERE account_id = ANY(${accountIds}::uuid[]) AND month = ${from}
        UNION ALL
        SELECT account_id, service_id, payg_days FROM open_sums
      ) u
      GROUP BY account_id, service_id
    ) d
    LEFT JOIN month_seats s ON s.account_id = d.account_id AND s.service_id = d.service_id`, ["open_sums", "month_seats"]));
}

/** Every line of the roll-up, for the exports: `RollupRow`s in no particular order. */
export function usageRollupSql(options: { now: Date; accountIds: string[]; from: Date; until: Date }): Prisma.Sql {
  return rollupPairsSql(options).select(Prisma.sql`SELECT account_id, service_id, payg_days, seats FROM rollup_pairs`);
}

/** One page of the roll-up as `usageRollupPageSql` answers it. */
export interface RollupPageResult {
  /** Accounts with a line in the roll-up. */
  total: number;
  /** The page shown (the one asked for, or the first when that one does not exist). */
  page: number;
  /** Per service over every account of the roll-up. */
  totals: { service_id: string; payg_days: number; seats: number; adjustment_days: number }[];
  rows: {
    account_id: string;
    account_name: string;
    lines: { service_id: string; payg_days: number; seats: number; adjustment_days: number; adjustment_months: { month: string; days: number }[] }[];
  }[];
}

/**
 * One page of the roll-up's accounts (`size` a page, in the order of their names, then ids), with
 * the totals per service over every account, in one statement (docs/metering.md#roll-up-on-screen):
 * only the page's lines leave the database. `adjustments` provides `adjusting(account_id,
 * service_id, day, delta)`, the corrections the month carries as adjustments; a pair with
 * adjustments only (its contract ended) still has its line. A page that does not exist
 * (`requested` not between 1 and the last page) is the first.
 */
export function usageRollupPageSql(options: {
  now: Date;
  accountIds: string[];
  from: Date;
  until: Date;
  adjustments: Cte<never, "next_open" | "adjusting">;
  requested: number;
  size: number;
}): Prisma.Sql {
  const { requested, size } = options;
  return rollupPairsSql(options)
    .and(options.adjustments)
    .and(cte("rollup_lines", Prisma.sql`
    SELECT COALESCE(p.account_id, a.account_id) AS account_id, COALESCE(p.service_id, a.service_id) AS service_id,
           COALESCE(p.payg_days, 0) AS payg_days, COALESCE(p.seats, 0) AS seats,
           COALESCE(a.days, 0) AS adjustment_days, COALESCE(a.months, '[]'::json) AS adjustment_months
    FROM rollup_pairs p
    FULL JOIN (
      SELECT account_id, service_id, sum(days)::int AS days,
             json_agg(json_build_object('month', to_char(month, 'YYYY-MM'), 'days', days) ORDER BY month) AS months
      FROM (SELECT account_id, service_id, date_trunc('month', day)::date AS month, sum(delta)::int AS days
            FROM adjusting GROUP BY 1, 2, 3) m
      GROUP BY account_id, service_id
    ) a ON a.account_id = p.account_id AND a.service_id = p.service_id`, ["rollup_pairs", "adjusting"]))
    .and(cte("rollup_accounts", Prisma.sql`
    SELECT a.id, a.name, row_number() OVER (ORDER BY a.name, a.id) AS n, count(*) OVER () AS total
    FROM accounts a WHERE a.id IN (SELECT account_id FROM rollup_lines)`, ["rollup_lines"]))
    .and(cte("rollup_page", Prisma.sql`
    SELECT CASE WHEN ${requested}::int >= 1 AND (${requested}::int - 1) * ${size}::int < COALESCE(max(total), 0) THEN ${requested}::int ELSE 1 END AS page
    FROM rollup_accounts`, ["rollup_accounts"]))
    .select(Prisma.sql`
    SELECT (SELECT count(*) FROM rollup_accounts)::int AS total,
           (SELECT page FROM rollup_page) AS page,
           COALESCE((SELECT json_agg(t) FROM (
             SELECT service_id, sum(payg_days)::int AS payg_days, sum(seats)::int AS seats, sum(adjustment_days)::int AS adjustment_days
             FROM rollup_lines GROUP BY service_id) t), '[]'::json) AS totals,
           COALESCE((SELECT json_agg(json_build_object('account_id', r.id, 'account_name', r.name, 'lines', r.lines) ORDER BY r.n) FROM (
             SELECT s.id, s.name, s.n, json_agg(json_build_object('service_id', l.service_id, 'payg_days', l.payg_days, 'seats', l.seats,
                      'adjustment_days', l.adjustment_days, 'adjustment_months', l.adjustment_months)) AS lines
             FROM rollup_accounts s
             JOIN rollup_lines l ON l.account_id = s.id
             WHERE s.n > ((SELECT page FROM rollup_page) - 1) * ${size}::int AND s.n <= (SELECT page FROM rollup_page) * ${size}::int
             GROUP BY s.id, s.name, s.n) r), '[]'::json) AS rows`);
}
