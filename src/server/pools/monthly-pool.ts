import "server-only";
import type { Account } from "@/generated/prisma/client";
import { isoDateToDb, todayIn } from "@/lib/dates";
import { conflict, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { firstOfMonth, firstOfNextMonth, quoteMonthlyExchange, quoteRenewalExchange } from "@/lib/pool-proration";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { spendPoints } from "@/server/points/points-ledger";
import { getClientOf, getPartnerInReach, getPoolService } from "@/server/accounts/get-partner-in-reach";
import { currentMonthOf, lockMonthlyPool, renewPoolIfDue, type LockedPool } from "./renew-monthly-pools";

/**
 * A partner's monthly pool of a product, locked and brought into the current
 * local month first (a renewal due and not yet run by the scheduled route runs
 * here, once, under the same keys).
 */
async function lockCurrentPool(tx: DbTx, partner: Account, poolId: string, now: Date): Promise<LockedPool> {
  const pool = await lockMonthlyPool(tx, poolId);
  const renewed = await renewPoolIfDue(tx, pool, { month: currentMonthOf(partner, now) });
  return renewed ? lockMonthlyPool(tx, poolId) : pool;
}

async function findPartnerPool(tx: DbTx, partner: Account, poolId: string): Promise<string> {
  if (!isUuid(poolId)) throw notFound("Monthly pool");
  const pool = await tx.monthlyPool.findFirst({ where: { id: poolId, accountId: partner.id }, select: { id: true } });
  if (!pool) throw notFound("Monthly pool");
  return pool.id;
}

export type ExchangeTarget = "THIS_MONTH" | "NEXT_RENEWAL";

/**
 * Exchanges points for monthly licences (docs/pools-and-points.md#monthly-pool). THIS_MONTH protects n
 * devices from today to the 1st of next month, prorated; NEXT_RENEWAL buys n
 * full licences kept for the renewal on the 1st. The person confirms the
 * points they saw in the preview: if today's figure differs (the day changed),
 * nothing is spent and they see the new one.
 */
export async function exchangePoints(
  db: Db,
  options: { actor: Actor; partnerId: string; input: { service: string; devices: number; target: ExchangeTarget; expectedPoints: number }; now?: Date },
) {
  const { actor, input } = options;
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const partner = await getPartnerInReach(tx, actor, options.partnerId, "account:manage");
    const service = await getPoolService(tx, input.service);
    const today = todayIn(partner.billingTimezone, now);
    const month = firstOfMonth(today);
    const [created] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO monthly_pools (id, account_id, service_id, month, available_devices, renewal_licences, auto_exchange, created_at, updated_at)
      VALUES (gen_random_uuid(), ${partner.id}::uuid, ${service.id}::uuid, ${isoDateToDb(month)}, 0, 0, false, now(), now())
      ON CONFLICT (account_id, service_id) DO UPDATE SET updated_at = monthly_pools.updated_at
      RETURNING id::text`;
    // The pool is locked (above and here) before the balance is spent: the lock order of renew-monthly-pools.ts.
    const pool = await lockCurrentPool(tx, partner, created!.id, now);
    const price = service.pointsPerLicence;
    const quote =
      input.target === "THIS_MONTH"
        ? quoteMonthlyExchange({ today, devices: input.devices, pricePerLicence: price })
        : { ...quoteRenewalExchange({ devices: input.devices, pricePerLicence: price }), remainingDays: null, protectionDays: null };
    if (quote.points !== input.expectedPoints) {
      throw conflict(
        `Today this exchange costs ${quote.points} points (${quote.licences} licence(s)); the preview said ${input.expectedPoints}. Check the new figures and confirm again.`,
        "PRICE_CHANGED",
      );
    }
    const nextFirst = firstOfNextMonth(today);
    const reason =
      input.target === "THIS_MONTH"
        ? `Exchange: ${quote.licences} licence(s) of ${service.name} protecting ${input.devices} device(s) for ${quote.remainingDays} day(s) until ${nextFirst} (${quote.protectionDays} protection days)`
        : `Exchange for the renewal on ${nextFirst}: ${quote.licences} licence(s) of ${service.name}`;
    const balance = await spendPoints(tx, actor, {
      accountId: partner.id,
      points: quote.points,
      what: `${quote.licences} licence(s) of ${service.name}`,
      line: {
        kind: "EXCHANGE",
        reason,
        serviceId: service.id,
        devices: input.devices,
        licences: quote.licences,
        remainingDays: quote.remainingDays ?? undefined,
      },
    });
    const updated = await tx.monthlyPool.update({
      where: { id: pool.id },
      data: input.target === "THIS_MONTH" ? { availableDevices: { increment: input.devices } } : { renewalLicences: { increment: input.devices } },
    });
    await recordAuditEvent(tx, actor, {
      accountId: partner.id,
      action: "points.exchanged",
      objectType: "monthly_pool",
      objectId: pool.id,
      before: { availableDevices: pool.availableDevices, renewalLicences: pool.renewalLicences },
      after: {
        product: service.name,
        target: input.target,
        day: today,
        devices: input.devices,
        remainingDays: quote.remainingDays,
        protectionDays: quote.protectionDays,
        licences: quote.licences,
        points: quote.points,
        balance,
        availableDevices: updated.availableDevices,
        renewalLicences: updated.renewalLicences,
      },
    });
    return { quote, balance, pool: updated };
  });
}

/** Protects N devices of a client with free slots of the monthly pool; they expire on the 1st and renew. */
export async function assignMonthlyLicences(
  db: Db,
  options: { actor: Actor; partnerId: string; poolId: string; clientAccountId: string; devices: number; now?: Date },
) {
  const { actor, devices } = options;
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const partner = await getPartnerInReach(tx, actor, options.partnerId, "account:manage");
    const pool = await lockCurrentPool(tx, partner, await findPartnerPool(tx, partner, options.poolId), now);
    const client = await getClientOf(tx, actor, partner, options.clientAccountId);
    const taken = await tx.$executeRaw`
      UPDATE monthly_pools SET available_devices = available_devices - ${devices}, updated_at = now()
      WHERE id = ${pool.id}::uuid AND available_devices >= ${devices}`;
    if (taken === 0) {
      throw conflict(
        `Only ${pool.availableDevices} device(s) can still be protected from the monthly pool of ${pool.service.name}: exchange points first.`,
        "POOL_EXHAUSTED",
      );
    }
    const assignment = await tx.monthlyAssignment.upsert({
      where: { poolId_clientAccountId: { poolId: pool.id, clientAccountId: client.id } },
      create: { accountId: partner.id, poolId: pool.id, clientAccountId: client.id, devices },
      update: { devices: { increment: devices } },
    });
    const after = { product: pool.service.name, client: client.name, added: devices, devices: assignment.devices, protectedUntil: firstOfNextMonth(todayIn(partner.billingTimezone, now)) };
    for (const accountId of [partner.id, client.id]) {
      await recordAuditEvent(tx, actor, { accountId, action: "pool.monthly_assigned", objectType: "monthly_assignment", objectId: assignment.id, after });
    }
    return assignment;
  });
}

/** The partner's explicit renewal order for a client (1 first; empty = after those, oldest first). */
export async function setRenewalPriority(db: Db, options: { actor: Actor; partnerId: string; assignmentId: string; priority: number | null }) {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const partner = await getPartnerInReach(tx, actor, options.partnerId, "account:manage");
    if (!isUuid(options.assignmentId)) throw notFound("Assignment");
    const assignment = await tx.monthlyAssignment.findFirst({ where: { id: options.assignmentId, accountId: partner.id }, include: { client: { select: { name: true } } } });
    if (!assignment) throw notFound("Assignment");
    if (assignment.priority === options.priority) return assignment;
    const updated = await tx.monthlyAssignment.update({ where: { id: assignment.id }, data: { priority: options.priority } });
    await recordAuditEvent(tx, actor, {
      accountId: partner.id,
      action: "pool.renewal_priority_set",
      objectType: "monthly_assignment",
      objectId: assignment.id,
      before: { priority: assignment.priority },
      after: { priority: options.priority, client: assignment.client.name },
    });
    return updated;
  });
}

/** "Exchange points automatically at renewal", per pool. */
export async function setAutoExchange(db: Db, options: { actor: Actor; partnerId: string; poolId: string; enabled: boolean }) {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const partner = await getPartnerInReach(tx, actor, options.partnerId, "account:manage");
    const pool = await lockMonthlyPool(tx, await findPartnerPool(tx, partner, options.poolId));
    if (pool.autoExchange === options.enabled) return pool;
    const updated = await tx.monthlyPool.update({ where: { id: pool.id }, data: { autoExchange: options.enabled } });
    await recordAuditEvent(tx, actor, {
      accountId: partner.id,
      action: "pool.auto_exchange_set",
      objectType: "monthly_pool",
      objectId: pool.id,
      before: { autoExchange: pool.autoExchange },
      after: { autoExchange: options.enabled, product: pool.service.name },
    });
    return updated;
  });
}
