import { Prisma } from "@/generated/prisma/client";
import { kindMatchesUnit } from "./device-service-match";

/**
 * `(day, active)`: per local day of [from, to] with any activity, the devices of an
 * account active that day that count for a service unit — the count metering
 * bills from. Read from the day's kept counts (device_day_counts: one row per
 * account, day and device kind, kept with device_daily_activity itself —
 * docs/metering.md#daily-counts), so a day costs one index lookup per kind,
 * never a scan of its activity rows. The arguments are SQL expressions of the
 * calling statement (a column, a bound value). Days without activity have no
 * row (or a row of 0): read it with max()/sum() and COALESCE to 0.
 */
export function activeDevicesByDaySql(options: { accountId: Prisma.Sql; unit: Prisma.Sql; from: Prisma.Sql; to: Prisma.Sql }): Prisma.Sql {
  const { accountId, unit, from, to } = options;
  return Prisma.sql`
    SELECT dc.day, sum(dc.devices)::int AS active FROM device_day_counts dc
    WHERE dc.account_id = ${accountId} AND dc.day BETWEEN ${from} AND ${to}
      AND ${kindMatchesUnit(Prisma.sql`dc.kind::text`, Prisma.sql`${unit}::text`)}
    GROUP BY dc.day`;
}
