import { Prisma } from "@/generated/prisma/client";

/**
 * Which devices a service meters, as SQL over a device kind column and a
 * service unit column: gateways for gateway services, endpoints for device
 * services and as standalone seats of user services, user seats for user
 * services, access points for access-point and room services.
 */
export function kindMatchesUnit(kind: Prisma.Sql, unit: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(
    (${kind} = 'GATEWAY' AND ${unit} = 'GATEWAY')
    OR (${kind} = 'ENDPOINT' AND ${unit} IN ('DEVICE', 'USER'))
    OR (${kind} = 'USER_SEAT' AND ${unit} = 'USER')
    OR (${kind} = 'ACCESS_POINT' AND ${unit} IN ('ACCESS_POINT', 'ROOM'))
  )`;
}

/** Days after a local day closes during which its events still count (SPEC §5.2). */
export const LATE_WINDOW_DAYS = 3;
