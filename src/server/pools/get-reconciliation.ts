import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { dbDateToIso } from "@/lib/dates";
import { ruleViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { can } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { activeDevicesByDaySql } from "@/server/usage";
import { loadAssignmentUsage } from "./annual-usage";
import { getRenewalWarnings } from "./get-monthly-pools";
import { getPartnerInReach } from "@/server/accounts/get-partner-in-reach";
import { lockClientProductAssignments, recoverInTx } from "./recover-licences";
import { pageOfRows } from "@/lib/numbered-page";

export interface ReconciliationRow {
  clientAccountId: string;
  clientName: string;
  serviceId: string;
  product: string;
  annualAssigned: number;
  monthlyDevices: number;
  assigned: number;
  activeToday: number;
  /** Most devices active on one day of the current local month. */
  maxActiveThisMonth: number;
  /** Monthly-active seats metered for the last completed month (what usage billing charged), if metered. */
  billed: number | null;
  billedMonth: string | null;
  /** Annual licences recoverable now (assigned but never needed on any day of their term). */
  idle: number;
}

/**
 * Per client and product: assigned (annual + monthly) vs active (today and the
 * busiest day of the month) vs billed, with the idle annual licences that can
 * be recovered. The rows and their order come from the assignments alone (one
 * statement); activity and idle licences are then measured for the rows shown —
 * `page`, 50 of an MSSP's 1,500 — not for every client (docs/pools-and-points.md#reconciliation).
 * Without `page`, every row is measured.
 */
export async function getReconciliation(
  db: DbTx,
  options: { actor: Actor; partnerId: string; now?: Date; page?: { requested: string | undefined; size: number } },
) {
  const now = options.now ?? new Date();
  const partner = await getPartnerInReach(db, options.actor, options.partnerId);
  const [lines, warnings] = await Promise.all([reconciliationLines(db, partner.id, now), getRenewalWarnings(db, partner, now)]);
  lines.sort((x, y) => x.row.clientName.localeCompare(y.row.clientName) || x.row.product.localeCompare(y.row.product));
  const shown = options.page ? pageOfRows(lines, options.page.requested, options.page.size) : pageOfRows(lines, undefined, Math.max(1, lines.length));
  await measure(db, shown.rows, now);
  const rows = shown.rows.map((line) => line.row);
  return { partner, canManage: can(options.actor, "account:manage", partner), rows, page: { ...shown, rows }, warnings };
}

interface Line {
  row: ReconciliationRow;
  /** The client's annual assignments of the product in their term today. */
  annualIds: string[];
}

/** Every (client, product) with licences in term or monthly devices, summed, unmeasured: one statement. */
async function reconciliationLines(db: DbTx, partnerId: string, now: Date): Promise<Line[]> {
  const rows = await db.$queryRaw<
    { client_id: string; service_id: string; client_name: string; product: string; annual: number; monthly: number; annual_ids: string[] }[]
  >`
    WITH annual AS (
      SELECT pa.client_account_id AS client_id, p.service_id, sum(pa.quantity)::int AS annual, array_agg(pa.id::text) AS annual_ids
      FROM pool_assignments pa
      JOIN annual_pools p ON p.id = pa.pool_id
      JOIN accounts c ON c.id = pa.client_account_id
      WHERE pa.account_id = ${partnerId}::uuid AND pa.quantity > 0
        AND (${now}::timestamptz AT TIME ZONE c.billing_timezone)::date BETWEEN pa.starts_on AND pa.ends_on
      GROUP BY 1, 2
    ),
    monthly AS (
      SELECT ma.client_account_id AS client_id, mp.service_id, sum(ma.devices)::int AS monthly
      FROM monthly_assignments ma JOIN monthly_pools mp ON mp.id = ma.pool_id
      WHERE ma.account_id = ${partnerId}::uuid AND ma.devices > 0
      GROUP BY 1, 2
    )
    SELECT l.client_id::text, l.service_id::text, c.name AS client_name, s.name AS product,
           COALESCE(a.annual, 0) AS annual, COALESCE(m.monthly, 0) AS monthly, COALESCE(a.annual_ids, '{}') AS annual_ids
    FROM (SELECT client_id, service_id FROM annual UNION SELECT client_id, service_id FROM monthly) l
    LEFT JOIN annual a ON a.client_id = l.client_id AND a.service_id = l.service_id
    LEFT JOIN monthly m ON m.client_id = l.client_id AND m.service_id = l.service_id
    JOIN accounts c ON c.id = l.client_id
    JOIN services s ON s.id = l.service_id`;
  return rows.map((line) => ({
    annualIds: line.annual_ids,
    row: {
      clientAccountId: line.client_id,
      clientName: line.client_name,
      serviceId: line.service_id,
      product: line.product,
      annualAssigned: line.annual,
      monthlyDevices: line.monthly,
      assigned: line.annual + line.monthly,
      activeToday: 0,
      maxActiveThisMonth: 0,
      billed: null,
      billedMonth: null,
      idle: 0,
    },
  }));
}

/** Activity, billed seats and idle licences of the given lines, in two statements whatever their number. */
async function measure(db: DbTx, lines: Line[], now: Date): Promise<void> {
  if (lines.length === 0) return;
  const [usage, activity] = await Promise.all([
    loadAssignmentUsage(db, { assignmentIds: lines.flatMap((line) => line.annualIds), now }),
    loadActivity(db, lines.map((line) => line.row), now),
  ]);
  for (const { row, annualIds } of lines) {
    // What stays assigned must still cover the busiest day of any of the client's terms.
    let idle = 0;
    let busiest = 0;
    for (const id of annualIds) {
      const u = usage.get(id)!;
      idle += u.recoverable;
      busiest = Math.max(busiest, u.maxActive);
    }
    row.idle = annualIds.length > 0 ? Math.max(0, Math.min(idle, row.annualAssigned - busiest)) : 0;
    const a = activity.get(`${row.clientAccountId}:${row.serviceId}`);
    if (a) {
      row.activeToday = a.active_today;
      row.maxActiveThisMonth = a.max_month;
      row.billed = a.billed;
      row.billedMonth = a.billed_month ? dbDateToIso(a.billed_month).slice(0, 7) : null;
    }
  }
}

type Activity = { client_id: string; service_id: string; active_today: number; max_month: number; billed: number | null; billed_month: Date | null };

/** Devices active today and on the month's busiest day, and the last metered month's seats, per client and product. */
async function loadActivity(db: DbTx, rows: ReconciliationRow[], now: Date): Promise<Map<string, Activity>> {
  const client = { accountId: Prisma.sql`p.client_id`, unit: Prisma.sql`p.unit` };
  const activity = await db.$queryRaw<Activity[]>`
    WITH pairs AS (
      SELECT p.client_id, p.service_id, s.unit, (${now}::timestamptz AT TIME ZONE c.billing_timezone)::date AS today
      FROM unnest(${rows.map((r) => r.clientAccountId)}::uuid[], ${rows.map((r) => r.serviceId)}::uuid[]) AS p(client_id, service_id)
      JOIN accounts c ON c.id = p.client_id JOIN services s ON s.id = p.service_id
    )
    SELECT p.client_id::text, p.service_id::text,
      (SELECT COALESCE(sum(x.active), 0)::int
        FROM (${activeDevicesByDaySql({ ...client, from: Prisma.sql`p.today`, to: Prisma.sql`p.today` })}) x) AS active_today,
      COALESCE((SELECT max(x.active)
        FROM (${activeDevicesByDaySql({ ...client, from: Prisma.sql`date_trunc('month', p.today)::date`, to: Prisma.sql`p.today` })}) x), 0)::int AS max_month,
      um.monthly_active_seats AS billed, um.month AS billed_month
    FROM pairs p
    LEFT JOIN LATERAL (
      SELECT monthly_active_seats, month FROM usage_monthly
      WHERE account_id = p.client_id AND service_id = p.service_id ORDER BY month DESC LIMIT 1
    ) um ON true`;
  return new Map(activity.map((a) => [`${a.client_id}:${a.service_id}`, a]));
}

/**
 * "Recover idle licences" in one click: every in-term annual assignment of the
 * client and product gives back what it can (newest first), each bounded as a
 * single recovery is, in one transaction.
 */
export async function recoverIdleLicences(
  db: Db,
  options: { actor: Actor; partnerId: string; clientAccountId: string; serviceId: string; now?: Date },
): Promise<number> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const partner = await getPartnerInReach(tx, options.actor, options.partnerId, "account:manage");
    if (!isUuid(options.clientAccountId) || !isUuid(options.serviceId)) throw ruleViolation("NOTHING_TO_RECOVER", "There are no idle licences to recover.");
    // Lock before reading what is recoverable, in the same order single recoveries use.
    await lockClientProductAssignments(tx, { clientAccountId: options.clientAccountId, serviceId: options.serviceId });
    const assignments = await tx.poolAssignment.findMany({
      where: { accountId: partner.id, clientAccountId: options.clientAccountId, quantity: { gt: 0 }, pool: { serviceId: options.serviceId } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    let recovered = 0;
    for (const { id } of assignments) {
      const usage = (await loadAssignmentUsage(tx, { assignmentIds: [id], now })).get(id)!;
      if (usage.recoverable === 0) continue;
      recovered += (await recoverInTx(tx, { actor: options.actor, partnerId: partner.id, assignmentId: id, quantity: usage.recoverable, now })).recovered;
    }
    if (recovered === 0) throw ruleViolation("NOTHING_TO_RECOVER", "There are no idle licences to recover.");
    return recovered;
  });
}
