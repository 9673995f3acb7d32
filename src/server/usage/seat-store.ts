import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { cte, ctes, withCtes, type Cte } from "@/server/db/with-ctes";
import { kindMatchesUnit } from "./device-service-match";
import { usageRowsSql } from "./usage-rows-sql";

/**
 * The monthly-seat store (usage_seats + usage_seat_counts). Monthly-active
 * seats are distinct over a whole month, so they cannot be summed from daily
 * records; recounting them from the daily activity on every report costs a
 * pass over every device-day of the month. Instead, metering appends each
 * final billable day's seats to usage_seats in the statement that writes the
 * day, and raises the month's count by the seats it actually inserted:
 * - the day itself comes from the `inserted` CTE (usage_daily ON CONFLICT DO NOTHING, RETURNING
 *   account_id, service_id, day, billable),
 *   so a re-run, a catch-up or a concurrent run adds nothing for a day already metered;
 * - usage_seats' key (account, service, month, seat) adds a seat once per month,
 *   whichever day saw it first, and the count grows only by rows inserted.
 * Reports then read one count per (account, service, month) and work out only
 * the days still open live (monthlySeatsSql). A seat is the paired end user,
 * else the device (uuids never collide). Per-package seats later: one more key
 * column in both tables and in the GROUP BYs here.
 */
export function appendSeatsSql(options: { runId: string | null }): Cte<"inserted", "seated" | "seat_counts"> {
  return ctes({ needs: ["inserted"], provides: ["seated", "seat_counts"] }, Prisma.sql`
    seated AS (
      INSERT INTO usage_seats (account_id, service_id, month, seat_id, first_day, run_id)
      SELECT i.account_id, i.service_id, date_trunc('month', i.day::timestamp)::date, COALESCE(act.end_user_id, act.device_id), min(i.day), ${options.runId}::uuid
      FROM inserted i
      JOIN services sv ON sv.id = i.service_id
      JOIN device_daily_activity act ON act.account_id = i.account_id AND act.day = i.day
       AND ${kindMatchesUnit(Prisma.sql`act.kind::text`, Prisma.sql`sv.unit::text`)}
      WHERE i.billable
      GROUP BY 1, 2, 3, 4
      -- A fixed order, so concurrent writers take the key locks in the same sequence.
      ORDER BY 1, 2, 3, 4
      ON CONFLICT (account_id, service_id, month, seat_id) DO NOTHING
      RETURNING account_id, service_id, month
    ), seat_counts AS (
      INSERT INTO usage_seat_counts AS c (account_id, service_id, month, seats)
      SELECT account_id, service_id, month, count(*)::int FROM seated GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (account_id, service_id, month) DO UPDATE SET seats = c.seats + EXCLUDED.seats
      RETURNING 1
    )`);
}

/**
 * Monthly-active seats per (account, service) of `accountIds` for the month
 * [from, until), read after the open days of usageRowsSql({ window: "open" }):
 * the stored count where every day of the month that counts is metered; else
 * the distinct seats of the stored ones and of the open billable days' activity
 * (the days after the watermark, as the report shows them), counted per
 * (account, service) over a few hundred rows each rather than over the month.
 */
export function monthlySeatsSql(options: { now: Date; accountIds: string[]; from: Date; until: Date }): Prisma.Sql {
  const { now, accountIds, from, until } = options;
  const openDays = cte("open_days", Prisma.sql`
      SELECT st.account_id, st.service_id, sv.unit::text AS unit, array_agg(st.day) AS days
      FROM status st JOIN services sv ON sv.id = st.service_id
      WHERE NOT st.inactive AND st.day >= ${from} AND st.day < ${until}
      GROUP BY 1, 2, 3`, ["status"]);
  return withCtes(usageRowsSql({ now, accountIds, window: "open" })).and(openDays).select(Prisma.sql`
    SELECT c.account_id, c.service_id, c.seats
    FROM usage_seat_counts c
    WHERE c.account_id = ANY(${accountIds}::uuid[]) AND c.month = ${from}
      AND NOT EXISTS (SELECT 1 FROM open_days o WHERE o.account_id = c.account_id AND o.service_id = c.service_id)
    UNION ALL
    SELECT o.account_id, o.service_id, n.seats
    FROM open_days o
    CROSS JOIN LATERAL (
      SELECT count(DISTINCT seat_id)::int AS seats FROM (
        SELECT COALESCE(act.end_user_id, act.device_id) AS seat_id
        FROM device_daily_activity act
        WHERE act.account_id = o.account_id AND act.day = ANY(o.days)
          AND ${kindMatchesUnit(Prisma.sql`act.kind::text`, Prisma.sql`o.unit`)}
        UNION ALL
        SELECT s.seat_id FROM usage_seats s
        WHERE s.account_id = o.account_id AND s.service_id = o.service_id AND s.month = ${from}
      ) seen
    ) n`);
}
