import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { cte, withCtes, type CteChain } from "@/server/db/with-ctes";
import { usageRowsSql, type UsageRowsCtes } from "./usage-rows-sql";

/**
 * The one reader of daily usage, for the service report and the package report alike:
 * `usage_days(account_id, service_id, day, active, payg_days, billable, final)` of
 * `accountIds` for the days [from, until) — final days from the metered records
 * (usage_daily, never recomputed), the days not metered yet computed live by the
 * metering's own definition (usageRowsSql, window "open"), marked not final. The two
 * never overlap: the open days start after each (account, service) watermark.
 */
export function usageDaysSql(options: { now: Date; accountIds: string[]; from: Date; until: Date }): CteChain<UsageRowsCtes | "usage_days"> {
  const { now, accountIds, from, until } = options;
  return withCtes(usageRowsSql({ now, accountIds, window: "open" })).and(cte("usage_days", Prisma.sql`
      SELECT account_id, service_id, day, active_devices AS active, payg_device_days AS payg_days, billable, true AS final
      FROM usage_daily WHERE account_id = ANY(${accountIds}::uuid[]) AND day >= ${from} AND day < ${until}
      UNION ALL
      SELECT account_id, service_id, day, active, payg_days, billable, false
      FROM counted WHERE day >= ${from} AND day < ${until}`, ["counted"]));
}
