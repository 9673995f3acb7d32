import { Prisma } from "@/generated/prisma/client";
import { PAYG_MINIMUM_RANK } from "@/server/plans/firmware-version";
import { kindMatchesUnit } from "./device-service-match";

/**
 * The corrections of late events, as the body of a data-modifying CTE:
 * `lateRows` names a relation of (account_id, device_id, device_ext, day,
 * event_key, kind, gateway_id) for events whose day was already metered — the device's kind and
 * gateway as the calling statement sees them, since a device it has just
 * created is not visible to a scan of devices in that statement. A late event adds a device-day only
 * where the metered day did not already count the device: one signed +1 per
 * (account, service, day, device), once (the natural key absorbs repeats).
 * Ingestion writes them for events late on arrival; the fold for events that
 * were queued just before their day was metered.
 */
export function insertLateCorrectionsSql(lateRows: string): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO usage_corrections (account_id, service_id, day, device_id, device_external_id, delta, reason, event_key, created_at)
    SELECT DISTINCT ON (l.account_id, u.service_id, l.day, l.device_id)
           l.account_id, u.service_id, l.day, l.device_id, l.device_ext, 1, 'Late event after the day''s late window', l.event_key, now()
    FROM ${Prisma.raw(lateRows)} l
    LEFT JOIN gateways gw ON gw.id = l.gateway_id
    LEFT JOIN plans p ON p.id = gw.plan_id
    JOIN usage_daily u ON u.account_id = l.account_id AND u.day = l.day AND u.payg AND u.billable
    JOIN services s ON s.id = u.service_id
    WHERE ${kindMatchesUnit(Prisma.sql`l.kind::text`, Prisma.sql`s.unit::text`)}
      AND (s.unit <> 'GATEWAY' OR ${gatewayIsPaygSql("gw", "p")})
      AND NOT EXISTS (SELECT 1 FROM device_daily_activity a WHERE a.account_id = l.account_id AND a.day = l.day AND a.device_id = l.device_id)
    ORDER BY l.account_id, u.service_id, l.day, l.device_id, l.event_key
    ON CONFLICT (account_id, service_id, day, device_id) DO NOTHING
    RETURNING 1`;
}

/**
 * A gateway reports as Pay-As-You-Go: firmware new enough, and PAYG by its
 * plan when locked to one, else by its own licence type (SPEC §4).
 */
export function gatewayIsPaygSql(gateway: string, plan: string): Prisma.Sql {
  const gw = Prisma.raw(gateway);
  const p = Prisma.raw(plan);
  return Prisma.sql`COALESCE(${gw}.firmware_rank >= ${PAYG_MINIMUM_RANK}::int AND (
    (${gw}.locked_to_plan AND ${gw}.plan_id IS NOT NULL AND ${p}.license_type = 'PAYG')
    OR ((NOT ${gw}.locked_to_plan OR ${gw}.plan_id IS NULL) AND ${gw}.own_license_type = 'PAYG')), false)`;
}
