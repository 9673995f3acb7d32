import { Prisma } from "@/generated/prisma/client";
import { kindMatchesUnit } from "./device-service-match";

/**
 * `(day, active)`: per local day of [from, to] with any activity, the devices of an
 * account active that day that count for a service unit — the count metering
 * bills from (device_daily_activity, one row per device and local day). The
 * arguments are SQL expressions of the calling statement (a column, a bound
 * value). Days without activity have no row: read it with max()/sum() and
 * COALESCE to 0.
 */
export function activeDevicesByDaySql(options: { accountId: Prisma.Sql; unit: Prisma.Sql; from: Prisma.Sql; to: Prisma.Sql }): Prisma.Sql {
  const { accountId, unit, from, to } = options;
  return Prisma.sql`
    SELECT d.day, count(*)::int AS active FROM device_daily_activity d
    WHERE d.account_id = ${accountId} AND d.day BETWEEN ${from} AND ${to}
      AND ${kindMatchesUnit(Prisma.sql`d.kind`, unit)}
    GROUP BY d.day`;
}
