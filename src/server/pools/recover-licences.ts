import "server-only";
import { dbDateToIso } from "@/lib/dates";
import { invalid, notFound, ruleViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { loadAssignmentUsage } from "./annual-usage";
import { getPartnerInReach } from "@/server/accounts/get-partner-in-reach";

/**
 * Locks every assignment of a client's product (whatever pool or term), in id
 * order. What one assignment may give back depends on all of them (the client
 * total minus the busiest day), so two recoveries on two assignments of the
 * same client and product must queue: the second then sees what the first
 * left. The fixed order keeps concurrent recoveries from deadlocking.
 */
export async function lockClientProductAssignments(tx: DbTx, options: { clientAccountId: string; serviceId: string }): Promise<void> {
  await tx.$queryRaw`
    SELECT pa.id FROM pool_assignments pa JOIN annual_pools p ON p.id = pa.pool_id
    WHERE pa.client_account_id = ${options.clientAccountId}::uuid AND p.service_id = ${options.serviceId}::uuid
    ORDER BY pa.id FOR UPDATE OF pa`;
}

/**
 * Returns unused licences of an assignment to its pool (docs/pools-and-points.md#recovery): totally or
 * partially, at most assigned − the most devices active on any day of the term
 * so far. All the client's assignments of the product are locked first (see
 * lockClientProductAssignments), so concurrent recoveries queue and never take
 * back licences the busiest day still needs.
 */
export async function recoverLicences(
  db: Db,
  options: { actor: Actor; partnerId: string; assignmentId: string; quantity: number; now?: Date },
): Promise<{ recovered: number; remaining: number }> {
  const now = options.now ?? new Date();
  return db.$transaction((tx) => recoverInTx(tx, { ...options, now }));
}

export async function recoverInTx(
  tx: DbTx,
  options: { actor: Actor; partnerId: string; assignmentId: string; quantity: number; now: Date },
): Promise<{ recovered: number; remaining: number }> {
  const { actor, quantity, now } = options;
  const partner = await getPartnerInReach(tx, actor, options.partnerId, "account:manage");
  if (!isUuid(options.assignmentId)) throw notFound("Assignment");
  const target = await tx.poolAssignment.findFirst({
    where: { id: options.assignmentId, accountId: partner.id },
    select: { clientAccountId: true, pool: { select: { serviceId: true } } },
  });
  if (!target) throw notFound("Assignment");
  await lockClientProductAssignments(tx, { clientAccountId: target.clientAccountId, serviceId: target.pool.serviceId });
  // Read after the lock: the quantity another recovery may just have lowered.
  const assignment = await tx.poolAssignment.findFirst({
    where: { id: options.assignmentId, accountId: partner.id },
    include: { pool: { include: { service: true } }, client: { select: { id: true, name: true } } },
  });
  if (!assignment) throw notFound("Assignment");
  const usage = (await loadAssignmentUsage(tx, { assignmentIds: [assignment.id], now })).get(assignment.id)!;
  if (!usage.inTerm) {
    throw ruleViolation("TERM_ENDED", `This assignment's term is not running (${dbDateToIso(assignment.startsOn)} to ${dbDateToIso(assignment.endsOn)}): there is nothing to recover.`);
  }
  if (quantity > usage.recoverable) {
    const message =
      usage.recoverable === 0
        ? `No licence can be recovered: ${usage.maxActive} device(s) were active on the busiest day of the term.`
        : `At most ${usage.recoverable} licence(s) can be recovered: ${usage.maxActive} device(s) were active on the busiest day of the term.`;
    throw invalid(message, { quantity: [message] }, "RECOVERY_ABOVE_UNUSED");
  }
  await tx.poolAssignment.update({ where: { id: assignment.id }, data: { quantity: { decrement: quantity } } });
  await tx.$executeRaw`UPDATE annual_pools SET available = available + ${quantity}, updated_at = now() WHERE id = ${assignment.poolId}::uuid`;
  const change = {
    before: { assigned: assignment.quantity },
    after: { assigned: assignment.quantity - quantity, recovered: quantity, product: assignment.pool.service.name, client: assignment.client.name, maxActive: usage.maxActive },
  };
  for (const accountId of [partner.id, assignment.clientAccountId]) {
    await recordAuditEvent(tx, actor, { accountId, action: "pool.licences_recovered", objectType: "pool_assignment", objectId: assignment.id, ...change });
  }
  return { recovered: quantity, remaining: assignment.quantity - quantity };
}
