import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { ctes, type Cte } from "@/server/db/with-ctes";
import { KINDS_OF_UNIT } from "./device-service-match";
import { dayBitSql, firstDayOfSetSql, lastDayOfSetSql } from "./seat-store";

/**
 * Per-package consumption of (account, month) pairs, as a CTE chain with
 * - `pk_detail(account_id, month, package_id, service_id, seat_id, kind,
 *   billed, devices, first_day, last_day, external_id, name, email)`: one line
 *   per seat, billed or silent (the Usage/Report detail), and
 * - `pk_usage(account_id, month, package_id, service_id, billed_seats,
 *   paired_users, standalone_endpoints, silent_not_billed)`: the totals,
 *   counted from those very lines, so detail and totals cannot disagree.
 * The roll-up inserts both for final months; the Usage/Report computes the
 * open month live with it.
 *
 * Inputs: `pk_target(account_id, month)` and `pk_billable(account_id,
 * service_id, day)` — the billable days of each service (a live contract and
 * an active account that day; metered days from usage_daily, open days live).
 *
 * Rules (docs/subscriptions.md#package-usage):
 * - packages reported = those held in the month: a contract of a per-user
 *   service with at least one day of the month between registration and
 *   expiry, not canceled before the month began;
 * - an end user active on a billable day of the month (any paired device or
 *   its own seat) counts once for every held package assigned to them at any
 *   time during the month (a user covered by two packages counts in both);
 * - an active end user assigned no held package, and every active standalone
 *   (unpaired) endpoint, count once for the service's base package: the held
 *   package that is the service's default (Core), else the first by SKU;
 * - silent (not billed): assigned users, and for the base package unassigned
 *   users and standalone endpoints, known before the month ended that sent
 *   nothing on a billable day of it.
 *
 * Identity (external id, name, email) is read from end_users / devices as they
 * are now. A record purged under retention has none left: its line keeps its
 * internal id with null identity (shown as "Purged end user/device"), never an
 * error. For final months this does not happen: the roll-up stores the lines
 * with their identity (usage_monthly_package_seats) before the purge can run
 * (the purge keeps records active in a month not final yet), and past months
 * are read from there, never recomputed.
 *
 * Speed: seats are classified by one aggregation over a union of facts
 * (pk_facts), not by joining CTEs to each other — CTE row counts are unknown
 * to the planner, which then picks nested loops that grow with users² (5,000
 * users: 7.5 s before, 0.3 s now). Facts are gathered once per seat, not once
 * per service: a customer's user services share one set of billable days (a
 * "day group", pk_groups), so its seats' activity, its known users and devices
 * and their identity are read and grouped once and then given a line per
 * service of the group (bench: 44,700 facts sorted per request → 17,000 hashed).
 * Identity comes with the facts (the known users and devices are read anyway);
 * only a seat that is not known is looked up by id.
 */
export type PackageUsageCtes =
  | "pk_tgt" | "pk_held" | "pk_base" | "pk_billable_days" | "pk_svc" | "pk_groups" | "pk_active" | "pk_cover" | "pk_facts" | "pk_seat_facts"
  | "pk_seats" | "pk_detail" | "pk_usage";

const USER_KINDS = Prisma.raw(KINDS_OF_UNIT.USER.map((kind) => `'${kind}'`).join(", "));

export function packageUsageSql(): Cte<"pk_target" | "pk_billable", PackageUsageCtes> {
  const provides: PackageUsageCtes[] = [
    "pk_tgt", "pk_held", "pk_base", "pk_billable_days", "pk_svc", "pk_groups", "pk_active", "pk_cover", "pk_facts", "pk_seat_facts", "pk_seats", "pk_detail", "pk_usage",
  ];
  return ctes({ needs: ["pk_target", "pk_billable"], provides }, Prisma.sql`
    pk_tgt AS (
      SELECT t.account_id, t.month,
             (t.month::timestamp AT TIME ZONE a.billing_timezone) AS month_start,
             ((t.month + interval '1 month')::timestamp AT TIME ZONE a.billing_timezone) AS month_end
      FROM pk_target t JOIN accounts a ON a.id = t.account_id
    ), pk_held AS (
      SELECT DISTINCT t.account_id, t.month, c.package_id, c.service_id, p.sku, p.is_default
      FROM pk_tgt t
      JOIN contracts c ON c.account_id = t.account_id
      JOIN services s ON s.id = c.service_id AND s.unit = 'USER'
      JOIN packages p ON p.id = c.package_id
      WHERE c.registered_on < (t.month + interval '1 month')::date
        AND (c.expires_on IS NULL OR c.expires_on >= t.month)
        AND (c.canceled_at IS NULL OR c.canceled_at >= t.month_start)
    ), pk_base AS (
      SELECT DISTINCT ON (account_id, month, service_id) account_id, month, service_id, package_id
      FROM pk_held ORDER BY account_id, month, service_id, is_default DESC, sku
    ), pk_billable_days AS (
      -- Each service's billable days of the month as a day set (bit 0 = the 1st).
      SELECT t.account_id, t.month, b.service_id, bit_or(${dayBitSql(Prisma.sql`b.day`)}) AS mask
      FROM pk_tgt t
      JOIN pk_billable b ON b.account_id = t.account_id AND b.day >= t.month AND b.day < (t.month + interval '1 month')::date
      GROUP BY 1, 2, 3
    ), pk_svc AS (
      -- The services reported (those with a held package), their base package and billable days
      -- (0 = none: nothing of the month bills, every seat is silent).
      SELECT b.account_id, b.month, b.service_id, b.package_id AS base_package, COALESCE(d.mask, 0) AS mask
      FROM pk_base b
      LEFT JOIN pk_billable_days d ON d.account_id = b.account_id AND d.month = b.month AND d.service_id = b.service_id
    ), pk_groups AS (
      -- Services with the same billable days have the same seats, active or silent, with the same
      -- devices and days: their facts are gathered once per day group (usually one per customer).
      SELECT DISTINCT account_id, month, mask FROM pk_svc
    ), pk_active AS MATERIALIZED (
      -- Seat = the paired user, else the device itself (standalone); with the devices behind it
      -- active on a billable day and those days. Read from the month's devices and their active
      -- days (month_active_devices, kept with the activity): a row per device, not per device-day
      -- (docs/metering.md#daily-counts).
      SELECT g.account_id, g.month, g.mask, x.seat_id, x.seat_id <> x.device_id AS is_user,
             count(*)::int AS devices, bit_or(x.days & g.mask) AS days
      FROM pk_groups g
      JOIN month_active_devices x ON x.account_id = g.account_id AND x.month = g.month AND x.days & g.mask <> 0
      WHERE x.kind IN (${USER_KINDS})
      GROUP BY 1, 2, 3, 4, 5
    ), pk_cover AS (
      SELECT DISTINCT s.account_id, s.month, s.mask, s.service_id, h.package_id, pa.end_user_id
      FROM pk_tgt t
      JOIN package_assignments pa ON pa.account_id = t.account_id
       AND pa.assigned_at < t.month_end AND (pa.unassigned_at IS NULL OR pa.unassigned_at > t.month_start)
      JOIN pk_held h ON h.account_id = t.account_id AND h.month = t.month AND h.package_id = pa.package_id
      JOIN pk_svc s ON s.account_id = h.account_id AND s.month = h.month AND s.service_id = h.service_id
    ), pk_facts AS (
      -- What is known of each seat of a day group, one fact per row: covered by a package (of a
      -- service), active (with its devices and days), known (an end user or a standalone device
      -- registered before the month ended, with its identity).
      -- Seats are then classified by aggregation, not by joining these sets to each other:
      -- the planner cannot size CTEs, and a nested loop over two of them is quadratic.
      SELECT account_id, month, mask, 'END_USER' AS kind, end_user_id AS seat_id, package_id AS cover, service_id AS cover_service,
             false AS active, 0 AS devices, 0 AS days, false AS known, NULL::text AS external_id, NULL::text AS name, NULL::text AS email
      FROM pk_cover
      UNION ALL
      SELECT account_id, month, mask, CASE WHEN is_user THEN 'END_USER' ELSE 'STANDALONE_ENDPOINT' END, seat_id, NULL, NULL,
             true, devices, days, false, NULL, NULL, NULL
      FROM pk_active
      UNION ALL
      SELECT g.account_id, g.month, g.mask, 'END_USER', u.id, NULL, NULL, false, 0, 0, true, u.external_id, u.name, u.email
      FROM pk_groups g
      JOIN pk_tgt t ON t.account_id = g.account_id AND t.month = g.month
      JOIN end_users u ON u.account_id = g.account_id AND u.created_at < t.month_end
      UNION ALL
      SELECT g.account_id, g.month, g.mask, 'STANDALONE_ENDPOINT', d.id, NULL, NULL, false, 0, 0, true, d.external_id, d.name, NULL
      FROM pk_groups g
      JOIN pk_tgt t ON t.account_id = g.account_id AND t.month = g.month
      JOIN devices d ON d.account_id = g.account_id AND d.end_user_id IS NULL AND d.kind IN ('ENDPOINT', 'USER_SEAT')
       AND d.created_at < t.month_end
    ), pk_seat_facts AS (
      SELECT g.*, ${firstDayOfSetSql(Prisma.sql`g.month`, Prisma.sql`NULLIF(g.days, 0)`)} AS first_day,
             ${lastDayOfSetSql(Prisma.sql`g.month`, Prisma.sql`NULLIF(g.days, 0)`)} AS last_day
      FROM (
        SELECT account_id, month, mask, min(kind) AS kind, seat_id,
               array_agg(cover) FILTER (WHERE cover IS NOT NULL) AS covers,
               array_agg(cover_service) FILTER (WHERE cover_service IS NOT NULL) AS covered_services,
               bool_or(active) AS active, max(devices) AS devices, bit_or(days) AS days, bool_or(known) AS known,
               max(external_id) AS external_id, max(name) AS name, max(email) AS email
        FROM pk_facts
        WHERE seat_id IS NOT NULL
        -- The seat first: ids are unique, so a sort compares little else (its kind follows from it).
        GROUP BY seat_id, account_id, month, mask
      ) g
    ), pk_seats AS (
      -- A user covered in a service: a line per package of that service covering them. Anyone else
      -- active or known: a line for the service's base package. Billed = active on a billable day of
      -- the month; else silent.
      SELECT f.account_id, f.month, h.package_id, h.service_id, f.seat_id, f.kind, f.active AS billed,
             CASE WHEN f.active THEN f.devices ELSE 0 END AS devices, f.first_day, f.last_day,
             f.known, f.external_id, f.name, f.email
      FROM pk_seat_facts f
      JOIN pk_held h ON h.account_id = f.account_id AND h.month = f.month AND h.package_id = ANY(f.covers)
      UNION ALL
      SELECT f.account_id, f.month, s.base_package, s.service_id, f.seat_id, f.kind, f.active,
             CASE WHEN f.active THEN f.devices ELSE 0 END, f.first_day, f.last_day,
             f.known, f.external_id, f.name, f.email
      FROM pk_seat_facts f
      JOIN pk_svc s ON s.account_id = f.account_id AND s.month = f.month AND s.mask = f.mask
      WHERE (f.active OR f.known) AND NOT COALESCE(s.service_id = ANY(f.covered_services), false)
    ), pk_detail AS (
      -- Identity as the facts carry it (a known seat); a seat not known (purged since, or a device
      -- paired now but standalone then) is looked up by id.
      SELECT account_id, month, package_id, service_id, seat_id, kind, billed, devices, first_day, last_day, external_id, name, email
      FROM pk_seats WHERE known
      UNION ALL
      SELECT s.account_id, s.month, s.package_id, s.service_id, s.seat_id, s.kind, s.billed, s.devices, s.first_day, s.last_day,
             COALESCE(u.external_id, d.external_id), COALESCE(u.name, d.name), u.email
      FROM pk_seats s
      LEFT JOIN end_users u ON s.kind = 'END_USER' AND u.id = s.seat_id AND u.account_id = s.account_id
      LEFT JOIN devices d ON s.kind = 'STANDALONE_ENDPOINT' AND d.id = s.seat_id AND d.account_id = s.account_id
      WHERE NOT s.known
    ), pk_usage AS (
      SELECT h.account_id, h.month, h.package_id, h.service_id,
             COALESCE(n.billed_seats, 0) AS billed_seats, COALESCE(n.paired_users, 0) AS paired_users,
             COALESCE(n.standalone_endpoints, 0) AS standalone_endpoints, COALESCE(n.silent_not_billed, 0) AS silent_not_billed
      FROM pk_held h
      LEFT JOIN (
        SELECT account_id, month, package_id,
               count(*) FILTER (WHERE billed)::int AS billed_seats,
               count(*) FILTER (WHERE billed AND kind = 'END_USER')::int AS paired_users,
               count(*) FILTER (WHERE billed AND kind = 'STANDALONE_ENDPOINT')::int AS standalone_endpoints,
               count(*) FILTER (WHERE NOT billed)::int AS silent_not_billed
        FROM pk_seats GROUP BY account_id, month, package_id
      ) n ON n.account_id = h.account_id AND n.month = h.month AND n.package_id = h.package_id
    )`);
}
