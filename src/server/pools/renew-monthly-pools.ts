import "server-only";
import { Prisma, type Account, type MonthlyPool, type Service } from "@/generated/prisma/client";
import { dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import { firstOfMonth } from "@/lib/pool-proration";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { lockPointsBalance, spendPoints } from "@/server/points/points-ledger";
import { notifyRenewalShortfall, type ShortfallLine } from "./notify-renewal-shortfall";

const SYSTEM = { system: "pool-renewal" } as const;

export type LockedPool = MonthlyPool & { service: Service; account: Account };

export interface PoolRenewalResult {
  poolId: string;
  month: string;
  needed: number;
  renewed: number;
  autoExchanged: number;
  shortfall: number;
}

/*
 * Lock order, everywhere a partner's monthly pools and points are touched:
 * monthly pool rows first (several at once in ascending id order), then the
 * partner's points balance row. Single-pool paths (exchange, assignment, the
 * auto-exchange of a pool renewed on demand) lock their one pool and only then
 * the balance; the scheduled renewal locks all the partner's due pools by id,
 * then the balance, before renewing any. Taking the balance and then another
 * pool would deadlock against an exchange holding that pool.
 */

/** Locks a monthly pool row (with its product and partner) for the rest of the transaction. */
export async function lockMonthlyPool(tx: DbTx, poolId: string): Promise<LockedPool> {
  await tx.$queryRaw`SELECT id FROM monthly_pools WHERE id = ${poolId}::uuid FOR UPDATE`;
  return tx.monthlyPool.findUniqueOrThrow({ where: { id: poolId }, include: { service: true, account: true } });
}

/** The local month (first day, yyyy-MM-dd) a partner is in at `now`. */
export function currentMonthOf(partner: Pick<Account, "billingTimezone">, now: Date): string {
  return firstOfMonth(todayIn(partner.billingTimezone, now));
}

/**
 * Renews a locked pool into `month` when it is still on an earlier one (docs/pools-and-points.md#renewal-on-the-1st);
 * does nothing otherwise. Every client's monthly devices need one licence each,
 * taken from the licences exchanged ahead for the renewal, plus — when the pool
 * says so — licences exchanged automatically from the points balance. When
 * short, clients are renewed in the partner's order (explicit priority, then
 * oldest assignment): the first that cannot be fully renewed gets what is left
 * and the devices not renewed lose protection. Licences left over become this
 * month's free slots; last month's free slots expire. The (pool, month) row is
 * unique, so the renewal happens once whoever runs it (the scheduled route or
 * the partner's first pool action of the month).
 */
export async function renewPoolIfDue(tx: DbTx, pool: LockedPool, options: { month: string }): Promise<PoolRenewalResult | null> {
  const { month } = options;
  if (dbDateToIso(pool.month) >= month) return null;
  const assignments = await tx.$queryRaw<{ id: string; client_account_id: string; client_name: string; client_status: string; devices: number }[]>`
    SELECT ma.id::text, ma.client_account_id::text, c.name AS client_name, c.status::text AS client_status, ma.devices
    FROM monthly_assignments ma JOIN accounts c ON c.id = ma.client_account_id
    WHERE ma.pool_id = ${pool.id}::uuid AND ma.devices > 0
    ORDER BY ma.priority ASC NULLS LAST, ma.created_at ASC, ma.id ASC
    FOR UPDATE OF ma`;
  // Inactive clients are not renewed at all (docs/pools-and-points.md#renewal-on-the-1st): not a shortfall, just the end of their protection.
  const inactive = assignments.filter((a) => a.client_status === "INACTIVE");
  const active = assignments.filter((a) => a.client_status !== "INACTIVE");
  const needed = active.reduce((sum, a) => sum + a.devices, 0);
  let licences = pool.renewalLicences;
  let autoExchanged = 0;
  let pointsSpent = 0;
  const price = pool.service.pointsPerLicence ?? 0;
  if (needed > licences && pool.autoExchange && price > 0) {
    // The pool is locked already: pool, then balance (the lock order above).
    const balance = await lockPointsBalance(tx, pool.accountId);
    autoExchanged = Math.min(needed - licences, Math.floor(balance / price));
    if (autoExchanged > 0) {
      pointsSpent = autoExchanged * price;
      await spendPoints(tx, SYSTEM, {
        accountId: pool.accountId,
        points: pointsSpent,
        what: "the automatic exchange at renewal",
        line: {
          kind: "RENEWAL",
          reason: `Automatic exchange at the renewal on ${month}: ${autoExchanged} licence(s) of ${pool.service.name}`,
          serviceId: pool.serviceId,
          devices: autoExchanged,
          licences: autoExchanged,
          idempotencyKey: `renewal:${pool.id}:${month}`,
        },
      });
      licences += autoExchanged;
    }
  }
  const renewedTotal = Math.min(needed, licences);
  const renewal = await tx.monthlyRenewal.create({
    data: {
      accountId: pool.accountId,
      poolId: pool.id,
      month: isoDateToDb(month),
      neededLicences: needed,
      renewedLicences: renewedTotal,
      autoExchangedLicences: autoExchanged,
      pointsSpent,
      shortfall: needed - renewedTotal,
    },
  });
  let remaining = licences;
  const affected: ShortfallLine[] = [];
  const lines: Prisma.MonthlyRenewalLineCreateManyInput[] = [];
  for (const [index, assignment] of active.entries()) {
    const renewed = Math.min(assignment.devices, remaining);
    remaining -= renewed;
    const discounted = assignment.devices - renewed;
    lines.push({ accountId: pool.accountId, renewalId: renewal.id, clientAccountId: assignment.client_account_id, position: index + 1, needed: assignment.devices, renewed, discounted });
    if (discounted > 0) {
      await tx.monthlyAssignment.update({ where: { id: assignment.id }, data: { devices: renewed } });
      affected.push({ clientAccountId: assignment.client_account_id, clientName: assignment.client_name, needed: assignment.devices, renewed, discounted });
      await recordAuditEvent(tx, SYSTEM, {
        accountId: assignment.client_account_id,
        action: "pool.monthly_renewal_short",
        objectType: "monthly_assignment",
        objectId: assignment.id,
        before: { devices: assignment.devices },
        after: { devices: renewed, discounted, month, product: pool.service.name },
      });
    }
  }
  await tx.monthlyRenewalLine.createMany({ data: lines });
  for (const assignment of inactive) {
    await tx.monthlyAssignment.update({ where: { id: assignment.id }, data: { devices: 0 } });
    await recordAuditEvent(tx, SYSTEM, {
      accountId: assignment.client_account_id,
      action: "pool.monthly_not_renewed_inactive",
      objectType: "monthly_assignment",
      objectId: assignment.id,
      before: { devices: assignment.devices },
      after: { devices: 0, month, product: pool.service.name },
    });
  }
  await tx.monthlyPool.update({
    where: { id: pool.id },
    data: { month: isoDateToDb(month), availableDevices: remaining, renewalLicences: 0 },
  });
  await recordAuditEvent(tx, SYSTEM, {
    accountId: pool.accountId,
    action: "pool.monthly_renewed",
    objectType: "monthly_renewal",
    objectId: renewal.id,
    before: { month: dbDateToIso(pool.month), renewalLicences: pool.renewalLicences, availableDevices: pool.availableDevices },
    after: { month, product: pool.service.name, needed, renewed: renewedTotal, autoExchanged, pointsSpent, shortfall: needed - renewedTotal, freeSlots: remaining },
  });
  await notifyRenewalShortfall(tx, {
    renewalId: renewal.id,
    partner: { id: pool.account.id, name: pool.account.name },
    product: pool.service.name,
    month,
    needed,
    renewed: renewedTotal,
    affected,
  });
  return { poolId: pool.id, month, needed, renewed: renewedTotal, autoExchanged, shortfall: needed - renewedTotal };
}

export interface RenewalRunResult {
  poolsRenewed: number;
  renewalShortfalls: number;
}

/**
 * The scheduled renewal step: every monthly pool whose partner's local month
 * has moved past the pool's month is renewed, one transaction per partner (all
 * its pools or none). A run killed half-way leaves finished partners renewed
 * and the rest untouched; the next run redoes those, and the per-pool month
 * check under a row lock plus the unique (pool, month) key keep it to once.
 * Inactive partners are not renewed (docs/pools-and-points.md#renewal-on-the-1st).
 */
export async function renewMonthlyPools(
  db: Db,
  options: {
    now: Date;
    partnerIds?: string[];
    /** Only partners billing in these timezones (the local-day run of one zone). */
    timezones?: string[];
    onPoolRenewed?: (result: PoolRenewalResult) => Promise<void>;
  },
): Promise<RenewalRunResult> {
  const { now } = options;
  const due = await db.$queryRaw<{ id: string; account_id: string }[]>`
    SELECT p.id::text, p.account_id::text FROM monthly_pools p JOIN accounts a ON a.id = p.account_id
    WHERE a.status <> 'INACTIVE'
      AND p.month < date_trunc('month', (${now}::timestamptz AT TIME ZONE a.billing_timezone))::date
      ${options.partnerIds ? Prisma.sql`AND p.account_id = ANY(${options.partnerIds}::uuid[])` : Prisma.empty}
      ${options.timezones ? Prisma.sql`AND a.billing_timezone = ANY(${options.timezones}::text[])` : Prisma.empty}
    ORDER BY p.account_id, p.id`;
  const byPartner = new Map<string, string[]>();
  for (const row of due) byPartner.set(row.account_id, [...(byPartner.get(row.account_id) ?? []), row.id]);
  const result: RenewalRunResult = { poolsRenewed: 0, renewalShortfalls: 0 };
  for (const [partnerId, poolIds] of byPartner) {
    const renewed = await db.$transaction(
      async (tx) => {
        const done: PoolRenewalResult[] = [];
        // The lock order above: all the partner's due pools by id, then its balance, before any renewal spends points.
        await tx.$queryRaw`SELECT id FROM monthly_pools WHERE id = ANY(${poolIds}::uuid[]) ORDER BY id FOR UPDATE`;
        await lockPointsBalance(tx, partnerId);
        for (const poolId of poolIds) {
          const pool = await lockMonthlyPool(tx, poolId);
          const outcome = await renewPoolIfDue(tx, pool, { month: currentMonthOf(pool.account, now) });
          if (outcome) {
            done.push(outcome);
            await options.onPoolRenewed?.(outcome);
          }
        }
        return done;
      },
      { timeout: 60_000 },
    );
    result.poolsRenewed += renewed.length;
    result.renewalShortfalls += renewed.filter((r) => r.shortfall > 0).length;
  }
  return result;
}
