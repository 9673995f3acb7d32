import { Prisma } from "@/generated/prisma/client";
import { kindMatchesUnit } from "@/server/metering/device-service-match";

/**
 * Per-package consumption of (account, month) pairs, as a CTE chain ending in
 * `pk_usage(account_id, month, package_id, service_id, billed_seats,
 * paired_users, standalone_endpoints, silent_not_billed)`. The roll-up inserts
 * it for final months; the Usage/Report computes the open month live with it.
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
      -- Seat = the paired user, else the device itself (standalone).
      SELECT DISTINCT t.account_id, t.month, b.service_id, x.end_user_id,
             CASE WHEN x.end_user_id IS NULL THEN x.device_id END AS device_id
      FROM pk_tgt t
      JOIN pk_billable b ON b.account_id = t.account_id AND b.day >= t.month AND b.day < (t.month + interval '1 month')::date
      JOIN services sv ON sv.id = b.service_id AND sv.unit = 'USER'
      JOIN device_daily_activity x ON x.account_id = b.account_id AND x.day = b.day
      WHERE ${kindMatchesUnit(Prisma.sql`x.kind::text`, Prisma.sql`sv.unit::text`)}
    ), pk_cover AS (
      SELECT DISTINCT t.account_id, t.month, h.service_id, h.package_id, pa.end_user_id
      FROM pk_tgt t
      JOIN package_assignments pa ON pa.account_id = t.account_id
       AND pa.assigned_at < t.month_end AND (pa.unassigned_at IS NULL OR pa.unassigned_at > t.month_start)
      JOIN pk_held h ON h.account_id = t.account_id AND h.month = t.month AND h.package_id = pa.package_id
    ), pk_user_seats AS (
      SELECT c.account_id, c.month, c.package_id, c.end_user_id
      FROM pk_cover c
      JOIN pk_active a ON a.account_id = c.account_id AND a.month = c.month AND a.service_id = c.service_id AND a.end_user_id = c.end_user_id
      UNION
      SELECT a.account_id, a.month, b.package_id, a.end_user_id
      FROM pk_active a
      JOIN pk_base b ON b.account_id = a.account_id AND b.month = a.month AND b.service_id = a.service_id
      WHERE a.end_user_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM pk_cover c WHERE c.account_id = a.account_id AND c.month = a.month
                          AND c.service_id = a.service_id AND c.end_user_id = a.end_user_id)
    ), pk_standalone AS (
      SELECT b.account_id, b.month, b.package_id, count(DISTINCT a.device_id)::int AS endpoints
      FROM pk_base b
      JOIN pk_active a ON a.account_id = b.account_id AND a.month = b.month AND a.service_id = b.service_id AND a.device_id IS NOT NULL
      GROUP BY 1, 2, 3
    ), pk_silent AS (
      SELECT c.account_id, c.month, c.package_id, c.end_user_id AS seat
      FROM pk_cover c
      WHERE NOT EXISTS (SELECT 1 FROM pk_active a WHERE a.account_id = c.account_id AND a.month = c.month
                          AND a.service_id = c.service_id AND a.end_user_id = c.end_user_id)
      UNION
      SELECT b.account_id, b.month, b.package_id, u.id
      FROM pk_base b
      JOIN pk_tgt t ON t.account_id = b.account_id AND t.month = b.month
      JOIN end_users u ON u.account_id = b.account_id AND u.created_at < t.month_end
      WHERE NOT EXISTS (SELECT 1 FROM pk_cover c WHERE c.account_id = b.account_id AND c.month = b.month
                          AND c.service_id = b.service_id AND c.end_user_id = u.id)
        AND NOT EXISTS (SELECT 1 FROM pk_active a WHERE a.account_id = b.account_id AND a.month = b.month
                          AND a.service_id = b.service_id AND a.end_user_id = u.id)
      UNION
      SELECT b.account_id, b.month, b.package_id, d.id
      FROM pk_base b
      JOIN pk_tgt t ON t.account_id = b.account_id AND t.month = b.month
      JOIN devices d ON d.account_id = b.account_id AND d.end_user_id IS NULL AND d.kind IN ('ENDPOINT', 'USER_SEAT')
       AND d.created_at < t.month_end
      WHERE NOT EXISTS (SELECT 1 FROM pk_active a WHERE a.account_id = b.account_id AND a.month = b.month
                          AND a.service_id = b.service_id AND a.device_id = d.id)
    ), pk_usage AS (
      SELECT h.account_id, h.month, h.package_id, h.service_id,
             (COALESCE(us.users, 0) + COALESCE(st.endpoints, 0))::int AS billed_seats,
             COALESCE(us.users, 0)::int AS paired_users,
             COALESCE(st.endpoints, 0)::int AS standalone_endpoints,
             COALESCE(si.silent, 0)::int AS silent_not_billed
      FROM pk_held h
      LEFT JOIN (SELECT account_id, month, package_id, count(*)::int AS users FROM pk_user_seats GROUP BY 1, 2, 3) us
        ON us.account_id = h.account_id AND us.month = h.month AND us.package_id = h.package_id
      LEFT JOIN pk_standalone st ON st.account_id = h.account_id AND st.month = h.month AND st.package_id = h.package_id
      LEFT JOIN (SELECT account_id, month, package_id, count(DISTINCT seat)::int AS silent FROM pk_silent GROUP BY 1, 2, 3) si
        ON si.account_id = h.account_id AND si.month = h.month AND si.package_id = h.package_id
    )`;
}
