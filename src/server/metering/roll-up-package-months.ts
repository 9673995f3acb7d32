import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { LATE_WINDOW_DAYS, packageUsageSql } from "@/server/usage";
import { lockStepWithoutJit } from "@/server/db/query-without-jit";
import { cte, ctes, withCtes } from "@/server/db/with-ctes";

/**
 * Rolls up the per-package consumption (totals and the seat lines of the
 * Usage/Report detail) of every completed local month whose
 * days are all final (same rule as the service roll-up: its last day is at
 * least LATE_WINDOW_DAYS + 1 days ago in the account's timezone) and that has
 * no package rows yet. Billable days come from usage_daily (metered, never
 * rewritten). Keyed (account, package, month) and written in one statement,
 * so a repeated or concurrent run inserts nothing twice; the advisory lock
 * just makes the second caller wait instead of computing for nothing.
 */
export async function rollUpPackageMonths(db: Db, options: { now: Date; runId?: string; accountIds?: string[] }): Promise<number> {
  const { now } = options;
  const scope = options.accountIds ? Prisma.sql`AND a.id = ANY(${options.accountIds}::uuid[])` : Prisma.empty;
  return db.$transaction(
    async (tx) => {
      await lockStepWithoutJit(tx, "roll-up-package-months");
      const targets = ctes({ needs: [], provides: ["pk_acc", "pk_target", "pk_billable"] }, Prisma.sql`
        pk_acc AS (
          SELECT a.id, (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date - ${LATE_WINDOW_DAYS + 1}::int AS last_final
          FROM accounts a WHERE a.kind = 'CUSTOMER' ${scope}
        ), pk_target AS (
          SELECT DISTINCT u.account_id, date_trunc('month', u.day)::date AS month
          FROM usage_daily u
          JOIN pk_acc ON pk_acc.id = u.account_id
          JOIN services s ON s.id = u.service_id AND s.unit = 'USER'
          WHERE (date_trunc('month', u.day) + interval '1 month' - interval '1 day')::date <= pk_acc.last_final
            AND NOT EXISTS (SELECT 1 FROM usage_monthly_packages m
                            WHERE m.account_id = u.account_id AND m.month = date_trunc('month', u.day)::date)
        ), pk_billable AS (
          SELECT u.account_id, u.service_id, u.day
          FROM usage_daily u JOIN pk_target t ON t.account_id = u.account_id
           AND u.day >= t.month AND u.day < (t.month + interval '1 month')::date
          WHERE u.billable
        )`);
      const inserted = cte("inserted", Prisma.sql`
          INSERT INTO usage_monthly_packages (account_id, package_id, service_id, month, billed_seats, paired_users,
                                              standalone_endpoints, silent_not_billed, run_id, rolled_up_at)
          SELECT account_id, package_id, service_id, month, billed_seats, paired_users, standalone_endpoints,
                 silent_not_billed, ${options.runId ?? null}::uuid, ${now}
          FROM pk_usage
          ON CONFLICT (account_id, package_id, month) DO NOTHING
          RETURNING 1`, ["pk_usage"]);
      // The lines behind those totals, from the same CTEs in the same statement.
      const seats = cte("seats", Prisma.sql`
          INSERT INTO usage_monthly_package_seats (account_id, month, package_id, seat_id, kind, billed, devices,
                                                   first_active_day, last_active_day, external_id, name, email)
          SELECT account_id, month, package_id, seat_id, kind::"PackageSeatKind", billed, devices,
                 first_day, last_day, external_id, name, email
          FROM pk_detail
          ON CONFLICT (account_id, month, package_id, seat_id) DO NOTHING`, ["pk_detail"]);
      const [result] = await tx.$queryRaw<{ count: number }[]>(
        withCtes(targets).and(packageUsageSql()).and(inserted).and(seats).select(Prisma.sql`SELECT count(*)::int AS count FROM inserted`),
      );
      return result?.count ?? 0;
    },
    { timeout: 600_000 },
  );
}
