import { Prisma } from "@/generated/prisma/client";
import { kindMatchesUnit } from "@/server/metering/device-service-match";

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
 * Rules (SPEC §5.4, §9; decisions documented in the README):
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
 * internal id with null identity (shown as "Purged"). For final months this
 * never shows, because the roll-up stores the lines with their identity before
 * the purge can run (the purge keeps records active in a month not final yet).
 */
export function packageUsageSql(): Prisma.Sql {
  return Prisma.sql`
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
    ), pk_active AS MATERIALIZED (
      -- Seat = the paired user, else the device itself (standalone); with the
      -- devices behind it and its first and last billable active day.
      SELECT t.account_id, t.month, b.service_id, x.end_user_id,
             CASE WHEN x.end_user_id IS NULL THEN x.device_id END AS device_id,
             count(DISTINCT x.device_id)::int AS devices, min(x.day) AS first_day, max(x.day) AS last_day
      FROM pk_tgt t
      JOIN pk_billable b ON b.account_id = t.account_id AND b.day >= t.month AND b.day < (t.month + interval '1 month')::date
      JOIN services sv ON sv.id = b.service_id AND sv.unit = 'USER'
      JOIN device_daily_activity x ON x.account_id = b.account_id AND x.day = b.day
      WHERE ${kindMatchesUnit(Prisma.sql`x.kind::text`, Prisma.sql`sv.unit::text`)}
      GROUP BY 1, 2, 3, 4, 5
    ), pk_cover AS (
      SELECT DISTINCT t.account_id, t.month, h.service_id, h.package_id, pa.end_user_id
      FROM pk_tgt t
      JOIN package_assignments pa ON pa.account_id = t.account_id
       AND pa.assigned_at < t.month_end AND (pa.unassigned_at IS NULL OR pa.unassigned_at > t.month_start)
      JOIN pk_held h ON h.account_id = t.account_id AND h.month = t.month AND h.package_id = pa.package_id
    ), pk_user_seats AS (
      SELECT c.account_id, c.month, c.package_id, c.service_id, c.end_user_id
      FROM pk_cover c
      JOIN pk_active a ON a.account_id = c.account_id AND a.month = c.month AND a.service_id = c.service_id AND a.end_user_id = c.end_user_id
      UNION
      SELECT a.account_id, a.month, b.package_id, a.service_id, a.end_user_id
      FROM pk_active a
      JOIN pk_base b ON b.account_id = a.account_id AND b.month = a.month AND b.service_id = a.service_id
      WHERE a.end_user_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM pk_cover c WHERE c.account_id = a.account_id AND c.month = a.month
                          AND c.service_id = a.service_id AND c.end_user_id = a.end_user_id)
    ), pk_silent AS (
      SELECT c.account_id, c.month, c.package_id, c.service_id, c.end_user_id AS seat_id, 'END_USER' AS kind
      FROM pk_cover c
      WHERE NOT EXISTS (SELECT 1 FROM pk_active a WHERE a.account_id = c.account_id AND a.month = c.month
                          AND a.service_id = c.service_id AND a.end_user_id = c.end_user_id)
      UNION
      SELECT b.account_id, b.month, b.package_id, b.service_id, u.id, 'END_USER'
      FROM pk_base b
      JOIN pk_tgt t ON t.account_id = b.account_id AND t.month = b.month
      JOIN end_users u ON u.account_id = b.account_id AND u.created_at < t.month_end
      WHERE NOT EXISTS (SELECT 1 FROM pk_cover c WHERE c.account_id = b.account_id AND c.month = b.month
                          AND c.service_id = b.service_id AND c.end_user_id = u.id)
        AND NOT EXISTS (SELECT 1 FROM pk_active a WHERE a.account_id = b.account_id AND a.month = b.month
                          AND a.service_id = b.service_id AND a.end_user_id = u.id)
      UNION
      SELECT b.account_id, b.month, b.package_id, b.service_id, d.id, 'STANDALONE_ENDPOINT'
      FROM pk_base b
      JOIN pk_tgt t ON t.account_id = b.account_id AND t.month = b.month
      JOIN devices d ON d.account_id = b.account_id AND d.end_user_id IS NULL AND d.kind IN ('ENDPOINT', 'USER_SEAT')
       AND d.created_at < t.month_end
      WHERE NOT EXISTS (SELECT 1 FROM pk_active a WHERE a.account_id = b.account_id AND a.month = b.month
                          AND a.service_id = b.service_id AND a.device_id = d.id)
    ), pk_seats AS (
      SELECT s.account_id, s.month, s.package_id, s.service_id, s.end_user_id AS seat_id, 'END_USER' AS kind,
             true AS billed, a.devices, a.first_day, a.last_day
      FROM pk_user_seats s
      JOIN pk_active a ON a.account_id = s.account_id AND a.month = s.month AND a.service_id = s.service_id AND a.end_user_id = s.end_user_id
      UNION ALL
      SELECT b.account_id, b.month, b.package_id, b.service_id, a.device_id, 'STANDALONE_ENDPOINT', true, a.devices, a.first_day, a.last_day
      FROM pk_base b
      JOIN pk_active a ON a.account_id = b.account_id AND a.month = b.month AND a.service_id = b.service_id AND a.device_id IS NOT NULL
      UNION ALL
      SELECT account_id, month, package_id, service_id, seat_id, kind, false, 0, NULL::date, NULL::date FROM pk_silent
    ), pk_detail AS (
      SELECT s.*, COALESCE(u.external_id, d.external_id) AS external_id, COALESCE(u.name, d.name) AS name, u.email
      FROM pk_seats s
      LEFT JOIN end_users u ON s.kind = 'END_USER' AND u.id = s.seat_id AND u.account_id = s.account_id
      LEFT JOIN devices d ON s.kind = 'STANDALONE_ENDPOINT' AND d.id = s.seat_id AND d.account_id = s.account_id
    ), pk_usage AS (
      SELECT h.account_id, h.month, h.package_id, h.service_id,
             count(s.seat_id) FILTER (WHERE s.billed)::int AS billed_seats,
             count(s.seat_id) FILTER (WHERE s.billed AND s.kind = 'END_USER')::int AS paired_users,
             count(s.seat_id) FILTER (WHERE s.billed AND s.kind = 'STANDALONE_ENDPOINT')::int AS standalone_endpoints,
             count(s.seat_id) FILTER (WHERE NOT s.billed)::int AS silent_not_billed
      FROM pk_held h
      LEFT JOIN pk_seats s ON s.account_id = h.account_id AND s.month = h.month AND s.package_id = h.package_id
      GROUP BY h.account_id, h.month, h.package_id, h.service_id
    )`;
}
