import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { cte, withCtes } from "@/server/db/with-ctes";
import { foldAllInTransaction, foldAllPendingNow } from "./fold-telemetry";
import { withDeadlockRetry } from "./retry-conflicts";
import { appendSeatsSql, usageRowsSql } from "@/server/usage";
import { lockStepWithoutJit } from "@/server/db/query-without-jit";

/**
 * Meters every final local day not yet metered, for every account and service
 * with a live contract that day, in one set-based statement (see usageRowsSql):
 * - a day is final once its late window has closed (today − 4 in the account's
 *   timezone), so metered days never change again — later events are corrections;
 * - catch-up starts after each (account, service) watermark, so downtime is made up;
 * - rows are keyed (account, service, day) and inserted with ON CONFLICT DO
 *   NOTHING, so a repeated or concurrent run never counts twice;
 * - the seats of each newly metered billable day join the month's seat store
 *   in the same statement (see seat-store.ts), so they are exactly once too.
 */
export async function meterDays(db: Db, options: { now: Date; runId?: string; accountIds?: string[] }): Promise<number> {
  const { now } = options;
  // The queue first, in transactions of their own, so the fold's row locks are not held for the
  // whole metering run; what arrives meanwhile is folded again under the lock below.
  await foldAllPendingNow(db, { now });
  // A deadlock with a fold or a batch rolls the run back whole; every write is keyed, so again.
  return withDeadlockRetry(() => db.$transaction(
    async (tx) => {
      // Serialise metering across instances; the natural keys would also absorb a race.
      // JIT compilation costs seconds on these plans and saves nothing (see bench:meter).
      await lockStepWithoutJit(tx, "meter-days");
      // Every accepted event first: the rest of the queue is folded under the fold lock, held
      // to commit, so no fold can add to a day this run is metering (fold-telemetry.ts).
      await foldAllInTransaction(tx, { now });
      const inserted = cte("inserted", Prisma.sql`
          INSERT INTO usage_daily (account_id, service_id, day, active_devices, payg_device_days, billable, payg, run_id, metered_at)
          SELECT account_id, service_id, day, active, payg_days, billable, payg, ${options.runId ?? null}::uuid, ${now}
          FROM counted
          ON CONFLICT (account_id, service_id, day) DO NOTHING
          RETURNING account_id, service_id, day, billable`, ["counted"]);
      const marks = cte("marks", Prisma.sql`
          INSERT INTO metering_watermarks (account_id, service_id, last_day)
          SELECT account_id, service_id, max(day) FROM inserted GROUP BY account_id, service_id
          ON CONFLICT (account_id, service_id) DO UPDATE SET last_day = GREATEST(metering_watermarks.last_day, EXCLUDED.last_day)
          RETURNING 1`, ["inserted"]);
      const [result] = await tx.$queryRaw<{ count: number }[]>(
        withCtes(usageRowsSql({ now, accountIds: options.accountIds, window: "final" }))
          .and(inserted)
          .and(appendSeatsSql({ runId: options.runId ?? null }))
          .and(marks)
          .select(Prisma.sql`
        SELECT ((SELECT count(*) FROM inserted) + 0 * (SELECT count(*) FROM marks) + 0 * (SELECT count(*) FROM seat_counts))::int AS count`),
      );
      return result?.count ?? 0;
    },
    { timeout: 600_000 },
  ));
}
