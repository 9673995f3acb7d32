import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { ctes, type Cte } from "@/server/db/with-ctes";
import type { ServiceUnit } from "@/generated/prisma/client";
import { KINDS_OF_UNIT, LATE_WINDOW_DAYS } from "./device-service-match";

/**
 * The usage of (account, service, day) computed from daily activity, as a CTE
 * chain ending in `counted(account_id, service_id, day, payg, billable, active, payg_days)`.
 * Metering inserts it for final days; the usage report reads it live for the
 * days still inside their late window. One definition, so both agree.
 *
 * - days: every day a contract of the service was live (registered, not yet
 *   expired, not canceled before that day), within [from, to] per account;
 * - billable: the account was not inactive that day: the status period begun on the latest
 *   earlier local day is not INACTIVE (account_status_periods; none = never changed);
 * - payg_days: active devices of the matching kind under a live PAYG contract
 *   (gateways only when they were on PAYG that day).
 * `status` is MATERIALIZED so the account-history lookup runs once per
 * (account, service, day), not once per activity row (see bench:meter); the
 * report's seat query reads it too (monthlySeatsSql).
 */
export type UsageRowsCtes = "acc" | "spans" | "bounded" | "days" | "status" | "day_counts" | "counted";

export function usageRowsSql(options: {
  now: Date;
  accountIds?: string[];
  /**
   * "final" = after each watermark up to today − 4 (metering); "open" = after each
   * watermark up to today (report: every day not metered yet, including final days
   * a metering outage left behind, and never a day that usage_daily already holds).
   */
  window: "final" | "open";
}): Cte<never, UsageRowsCtes> {
  const { now } = options;
  const scope = options.accountIds ? Prisma.sql`AND a.id = ANY(${options.accountIds}::uuid[])` : Prisma.empty;
  const upper = options.window === "final" ? Prisma.sql`acc.last_final` : Prisma.sql`acc.today`;
  const range = Prisma.sql`COALESCE(w.last_day + 1, '-infinity'::date) AS lower_bound, ${upper} AS upper_bound`;
  return ctes({ needs: [], provides: ["acc", "spans", "bounded", "days", "status", "day_counts", "counted"] }, Prisma.sql`
    acc AS (
      SELECT a.id, a.billing_timezone AS tz,
             (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date AS today,
             (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date - ${LATE_WINDOW_DAYS + 1}::int AS last_final,
             (a.created_at AT TIME ZONE a.billing_timezone)::date AS since
      FROM accounts a WHERE true ${scope}
    ), spans AS (
      SELECT c.account_id, c.service_id, c.type, c.registered_on, c.expires_on, acc.since,
             (c.canceled_at AT TIME ZONE acc.tz)::date AS canceled_on, ${range}
      FROM contracts c
      JOIN acc ON acc.id = c.account_id
      LEFT JOIN metering_watermarks w ON w.account_id = c.account_id AND w.service_id = c.service_id
    ), bounded AS (
      SELECT account_id, service_id, type,
             GREATEST(registered_on, since, lower_bound) AS first_day,
             LEAST(COALESCE(expires_on, upper_bound), COALESCE(canceled_on, upper_bound), upper_bound) AS last_day
      FROM spans
    ), days AS (
      SELECT b.account_id, b.service_id, d::date AS day, bool_or(b.type = 'PAYG') AS payg
      FROM bounded b CROSS JOIN LATERAL generate_series(b.first_day, b.last_day, interval '1 day') AS d
      WHERE b.first_day <= b.last_day
      GROUP BY 1, 2, 3
    ), status AS MATERIALIZED (
      -- Only accounts with a status history look it up (a hashed set, read once); the rest never changed.
      SELECT d.*, COALESCE(CASE WHEN d.account_id IN (SELECT p.account_id FROM account_status_periods p JOIN acc ON acc.id = p.account_id) THEN (
          SELECT p.status = 'INACTIVE' FROM account_status_periods p JOIN accounts a ON a.id = p.account_id
          WHERE p.account_id = d.account_id AND (p.started_at AT TIME ZONE a.billing_timezone)::date < d.day
          ORDER BY p.started_at DESC, p.id DESC LIMIT 1) END, false) AS inactive
      FROM days d
    ), day_counts AS MATERIALIZED (
      -- The day counts (device_day_counts, a row per device kind kept with the activity itself) of
      -- each account over the days asked, one row per day with a column per kind: one index range
      -- per account (LATERAL, so the planner cannot trade it for a scan of every account's counts).
      -- A lookup per (account, service, day) cost 24,000 index probes for a roll-up of 1,000
      -- accounts; a row per kind, joined per service and day by kind, sorted 48,000 rows for it.
      -- No activity row is read, none for inactive days.
      SELECT r.account_id, dc.*
      FROM (SELECT account_id, min(day) AS first_day, max(day) AS last_day FROM status WHERE NOT inactive GROUP BY account_id) r
      CROSS JOIN LATERAL (
        SELECT c.day, ${Prisma.join(
          KINDS.map((kind) => Prisma.sql`COALESCE(sum(c.devices) FILTER (WHERE c.kind = ${Prisma.raw(`'${kind}'`)}), 0) AS ${column("devices", kind)},
               COALESCE(sum(c.payg_devices) FILTER (WHERE c.kind = ${Prisma.raw(`'${kind}'`)}), 0) AS ${column("payg", kind)}`),
          ",\n               ",
        )}
        FROM device_day_counts c
        WHERE c.account_id = r.account_id AND c.day >= r.first_day AND c.day <= r.last_day
        GROUP BY c.day
      ) dc
    ), counted AS (
      -- One day-count row per (account, day) at most: no grouping. Active = the devices of the kinds
      -- the service's unit counts; PAYG = the same, of gateways only those on PAYG that day.
      SELECT st.account_id, st.service_id, st.day, st.payg, NOT st.inactive AS billable,
             COALESCE(${perUnit(Prisma.sql`sv.unit`, () => "devices")}, 0)::int AS active,
             CASE WHEN st.payg THEN COALESCE(${perUnit(Prisma.sql`sv.unit`, (unit) => (unit === "GATEWAY" ? "payg" : "devices"))}, 0) ELSE 0 END::int AS payg_days
      FROM status st
      JOIN services sv ON sv.id = st.service_id
      LEFT JOIN day_counts n ON NOT st.inactive AND n.account_id = st.account_id AND n.day = st.day
    )`);
}

/** Every device kind some unit counts (KINDS_OF_UNIT), in a fixed order. */
const KINDS = [...new Set(Object.values(KINDS_OF_UNIT).flat())].sort();

/** The day_counts column of a kind's devices or PAYG devices: `devices_gateway`, `payg_user_seat`. */
function column(measure: "devices" | "payg", kind: string): Prisma.Sql {
  return Prisma.raw(`${measure}_${kind.toLowerCase()}`);
}

/** Per unit (KINDS_OF_UNIT), the sum of its kinds' columns of day_counts `n`, as one CASE over `unit`. */
function perUnit(unit: Prisma.Sql, measure: (unit: ServiceUnit) => "devices" | "payg"): Prisma.Sql {
  const arms = (Object.entries(KINDS_OF_UNIT) as [ServiceUnit, readonly string[]][]).map(
    ([serviceUnit, kinds]) =>
      Prisma.sql`WHEN ${Prisma.raw(`'${serviceUnit}'`)} THEN ${Prisma.join(kinds.map((kind) => Prisma.sql`n.${column(measure(serviceUnit), kind)}`), " + ")}`,
  );
  return Prisma.sql`CASE ${unit}::text ${Prisma.join(arms, " ")} END`;
}
