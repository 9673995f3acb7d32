import "server-only";
import type { PoolAssignment } from "@/generated/prisma/client";
import { isoDateToDb, todayIn } from "@/lib/dates";
import { conflict, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { termLastDay } from "@/lib/dates";
import { getClientOf, getPartnerInReach } from "@/server/accounts/get-partner-in-reach";

/**
 * Assigns N licences of an annual pool to a client of the partner; the term
 * starts today in the client's timezone and lasts the pool's 1, 2 or 3 years.
 * The pool is decremented by one conditional UPDATE (`available >= N`), so two
 * people assigning the last licences at once get one success and one conflict.
 */
export async function assignAnnualLicences(
  db: Db,
  options: { actor: Actor; partnerId: string; poolId: string; clientAccountId: string; quantity: number; now?: Date },
): Promise<PoolAssignment> {
  const { actor, quantity } = options;
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const partner = await getPartnerInReach(tx, actor, options.partnerId, "account:manage");
    if (!isUuid(options.poolId)) throw notFound("Pool");
    const pool = await tx.annualPool.findFirst({ where: { id: options.poolId, accountId: partner.id }, include: { service: true } });
    if (!pool) throw notFound("Pool");
    const client = await getClientOf(tx, actor, partner, options.clientAccountId);
    const taken = await tx.$executeRaw`
      UPDATE annual_pools SET available = available - ${quantity}, updated_at = now()
      WHERE id = ${pool.id}::uuid AND available >= ${quantity}`;
    if (taken === 0) {
      const left = await tx.annualPool.findUniqueOrThrow({ where: { id: pool.id }, select: { available: true } });
      throw conflict(
        `Only ${left.available} licence(s) of ${pool.service.name} (${pool.years} year${pool.years > 1 ? "s" : ""}) are left in the pool; nothing was assigned.`,
        "POOL_EXHAUSTED",
      );
    }
    const startsOn = todayIn(client.billingTimezone, now);
    const endsOn = termLastDay(startsOn, pool.years);
    const assignment = await tx.poolAssignment.create({
      data: {
        accountId: partner.id,
        poolId: pool.id,
        clientAccountId: client.id,
        quantity,
        initialQuantity: quantity,
        startsOn: isoDateToDb(startsOn),
        endsOn: isoDateToDb(endsOn),
        assignedBy: actor.email,
      },
    });
    const after = { product: pool.service.name, years: pool.years, client: client.name, quantity, startsOn, endsOn };
    for (const accountId of [partner.id, client.id]) {
      await recordAuditEvent(tx, actor, { accountId, action: "pool.licences_assigned", objectType: "pool_assignment", objectId: assignment.id, after });
    }
    return assignment;
  });
}
