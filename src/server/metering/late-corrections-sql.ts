import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { cte, type Cte } from "@/server/db/with-ctes";
import { gatewayIsPaygSql, kindMatchesUnit } from "@/server/usage";

/**
 * The corrections of late events, as the data-modifying CTE `corrected` (RETURNING 1
 * per correction written) over the CTE `late_rows(account_id, device_id, device_ext, day,
 * event_key, kind, gateway_id)` of events whose day was already metered — the device's kind and
 * gateway as the calling statement sees them, since a device it has just
 * created is not visible to a scan of devices in that statement. A late event adds a device-day only
 * where the metered day did not already count the device: one signed +1 per
 * (account, service, day, device), once (the natural key absorbs repeats).
 * Ingestion writes them for events late on arrival; the fold for events that
 * were queued just before their day was metered.
 */
export function lateCorrectionsCte(): Cte<"late_rows", "corrected"> {
  return cte("corrected", Prisma.sql`
    INSERT INTO usage_corrections (account_id, service_id, day, device_id, device_external_id, delta, reason, event_key, created_at)
    SELECT DISTINCT ON (l.account_id, u.service_id, l.day, l.device_id)
           l.account_id, u.service_id, l.day, l.device_id, l.device_ext, 1, 'Late event after the day''s late window', l.event_key, now()
    FROM late_rows l
    LEFT JOIN gateways gw ON gw.id = l.gateway_id
    LEFT JOIN plans p ON p.id = gw.plan_id
    JOIN usage_daily u ON u.account_id = l.account_id AND u.day = l.day AND u.payg AND u.billable
    JOIN services s ON s.id = u.service_id
    WHERE ${kindMatchesUnit(Prisma.sql`l.kind::text`, Prisma.sql`s.unit::text`)}
      AND (s.unit <> 'GATEWAY' OR ${gatewayIsPaygSql("gw", "p")})
      AND NOT EXISTS (SELECT 1 FROM device_daily_activity a WHERE a.account_id = l.account_id AND a.day = l.day AND a.device_id = l.device_id)
    ORDER BY l.account_id, u.service_id, l.day, l.device_id, l.event_key
    ON CONFLICT (account_id, service_id, day, device_id) DO NOTHING
    RETURNING 1`, ["late_rows"]);
}
