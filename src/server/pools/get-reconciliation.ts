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
 * be recovered. Activity is read in one set-based statement.
 */
export async function getReconciliation(db: DbTx, options: { actor: Actor; partnerId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const partner = await getPartnerInReach(db, options.actor, options.partnerId);
  const [annual, monthly] = await Promise.all([
    db.poolAssignment.findMany({
      where: { accountId: partner.id, quantity: { gt: 0 } },
      include: { client: { select: { name: true } }, pool: { select: { serviceId: true, service: { select: { name: true } } } } },
    }),
    db.monthlyAssignment.findMany({
      where: { accountId: partner.id, devices: { gt: 0 } },
      include: { client: { select: { name: true } }, pool: { select: { serviceId: true, service: { select: { name: true } } } } },
    }),
  ]);
  const usage = await loadAssignmentUsage(db, { assignmentIds: annual.map((a) => a.id), now });
  const rows = new Map<string, ReconciliationRow>();
  const rowOf = (clientAccountId: string, clientName: string, serviceId: string, product: string) => {
    const key = `${clientAccountId}:${serviceId}`;
    let row = rows.get(key);
    if (!row) {
      row = { clientAccountId, clientName, serviceId, product, annualAssigned: 0, monthlyDevices: 0, assigned: 0, activeToday: 0, maxActiveThisMonth: 0, billed: null, billedMonth: null, idle: 0 };
      rows.set(key, row);
    }
    return row;
  };
  // What stays assigned must still cover the busiest day of any of the client's terms.
  const busiest = new Map<string, number>();
  for (const a of annual) {
    const u = usage.get(a.id)!;
    if (!u.inTerm) continue;
    const row = rowOf(a.clientAccountId, a.client.name, a.pool.serviceId, a.pool.service.name);
    row.annualAssigned += a.quantity;
    row.idle += u.recoverable;
    const key = `${a.clientAccountId}:${a.pool.serviceId}`;
    busiest.set(key, Math.max(busiest.get(key) ?? 0, u.maxActive));
  }
  for (const [key, maxActive] of busiest) {
    const row = rows.get(key)!;
    row.idle = Math.max(0, Math.min(row.idle, row.annualAssigned - maxActive));
  }
  for (const m of monthly) rowOf(m.clientAccountId, m.client.name, m.pool.serviceId, m.pool.service.name).monthlyDevices += m.devices;
  const list = [...rows.values()];
  if (list.length > 0) {
    const client = { accountId: Prisma.sql`p.client_id`, unit: Prisma.sql`p.unit` };
    const activity = await db.$queryRaw<{ client_id: string; service_id: string; active_today: number; max_month: number; billed: number | null; billed_month: Date | null }[]>`
      WITH pairs AS (
        SELECT p.client_id, p.service_id, s.unit, (${now}::timestamptz AT TIME ZONE c.billing_timezone)::date AS today
        FROM unnest(${list.map((r) => r.clientAccountId)}::uuid[], ${list.map((r) => r.serviceId)}::uuid[]) AS p(client_id, service_id)
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
    for (const a of activity) {
      const row = rows.get(`${a.client_id}:${a.service_id}`)!;
      row.activeToday = a.active_today;
      row.maxActiveThisMonth = a.max_month;
      row.billed = a.billed;
      row.billedMonth = a.billed_month ? dbDateToIso(a.billed_month).slice(0, 7) : null;
    }
  }
  for (const row of list) row.assigned = row.annualAssigned + row.monthlyDevices;
  list.sort((x, y) => x.clientName.localeCompare(y.clientName) || x.product.localeCompare(y.product));
  return {
    partner,
    canManage: can(options.actor, "account:manage", partner),
    rows: list,
    warnings: await getRenewalWarnings(db, partner, now),
  };
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
