import { Prisma, type DeviceKind, type ServiceUnit } from "@/generated/prisma/client";

/**
 * Which devices a service meters: gateways for gateway services, endpoints for
 * device services and as standalone seats of user services, user seats for
 * user services, access points for access-point and room services.
 */
export const KINDS_OF_UNIT: Record<ServiceUnit, readonly DeviceKind[]> = {
  GATEWAY: ["GATEWAY"],
  DEVICE: ["ENDPOINT"],
  USER: ["ENDPOINT", "USER_SEAT"],
  ACCESS_POINT: ["ACCESS_POINT"],
  ROOM: ["ACCESS_POINT"],
};

/** KINDS_OF_UNIT as SQL over a device kind column and a service unit column (both as text). */
export function kindMatchesUnit(kind: Prisma.Sql, unit: Prisma.Sql): Prisma.Sql {
  const unitsOfKind = new Map<string, string[]>();
  for (const [serviceUnit, kinds] of Object.entries(KINDS_OF_UNIT)) {
    for (const deviceKind of kinds) unitsOfKind.set(deviceKind, [...(unitsOfKind.get(deviceKind) ?? []), serviceUnit]);
  }
  const alternatives = [...unitsOfKind].map(
    ([deviceKind, units]) => Prisma.sql`(${kind} = ${Prisma.raw(`'${deviceKind}'`)} AND ${unit} IN (${Prisma.raw(units.map((u) => `'${u}'`).join(", "))}))`,
  );
  return Prisma.sql`(${Prisma.join(alternatives, " OR ")})`;
}

/** Days after a local day closes during which its events still count (docs/metering.md#local-days-and-the-late-window). */
export const LATE_WINDOW_DAYS = 3;
