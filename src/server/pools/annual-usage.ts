import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";
import { activeDevicesByDaySql } from "@/server/usage";

export interface AssignmentUsage {
  id: string;
  /** The most devices of the product active on any day of the term so far (metered activity). */
  maxActive: number;
  /** Devices of the product active today (client's local day). */
  activeToday: number;
  /** Still in its term today. */
  inTerm: boolean;
  /** At most this many licences can be recovered now. */
  recoverable: number;
}

/**
 * Activity behind annual assignments, in one set-based statement over the
 * daily device activity (the metering's source: one row per device and local
 * day). Unused = assigned − most devices active on any day of the term so far;
 * when a client holds several assignments of a product, the others' licences
 * count too, so what stays assigned always covers the busiest day.
 */
export async function loadAssignmentUsage(db: DbTx, options: { assignmentIds: string[]; now: Date }): Promise<Map<string, AssignmentUsage>> {
  const result = new Map<string, AssignmentUsage>();
  if (options.assignmentIds.length === 0) return result;
  const client = { accountId: Prisma.sql`t.client_account_id`, unit: Prisma.sql`t.unit` };
  const rows = await db.$queryRaw<{ id: string; max_active: number; active_today: number; in_term: boolean; client_total: number; quantity: number }[]>`
    WITH target AS (
      SELECT pa.id, pa.client_account_id, pa.quantity, pa.starts_on, pa.ends_on, p.service_id, s.unit,
             (${options.now}::timestamptz AT TIME ZONE c.billing_timezone)::date AS today
      FROM pool_assignments pa
      JOIN annual_pools p ON p.id = pa.pool_id
      JOIN services s ON s.id = p.service_id
      JOIN accounts c ON c.id = pa.client_account_id
      WHERE pa.id = ANY(${options.assignmentIds}::uuid[])
    )
    SELECT t.id::text AS id,
      COALESCE((
        SELECT max(daily.active) FROM (${activeDevicesByDaySql({ ...client, from: Prisma.sql`t.starts_on`, to: Prisma.sql`LEAST(t.ends_on, t.today)` })}) daily
      ), 0)::int AS max_active,
      (SELECT COALESCE(sum(daily.active), 0)::int
        FROM (${activeDevicesByDaySql({ ...client, from: Prisma.sql`t.today`, to: Prisma.sql`t.today` })}) daily) AS active_today,
      (t.today BETWEEN t.starts_on AND t.ends_on) AS in_term,
      (SELECT COALESCE(sum(o.quantity), 0)::int FROM pool_assignments o JOIN annual_pools op ON op.id = o.pool_id
        WHERE o.client_account_id = t.client_account_id AND op.service_id = t.service_id
          AND t.today BETWEEN o.starts_on AND o.ends_on) AS client_total,
      t.quantity
    FROM target t`;
  for (const row of rows) {
    const recoverable = row.in_term ? Math.max(0, Math.min(row.quantity, row.client_total - row.max_active)) : 0;
    result.set(row.id, { id: row.id, maxActive: row.max_active, activeToday: row.active_today, inTerm: row.in_term, recoverable });
  }
  return result;
}
