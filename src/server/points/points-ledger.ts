import "server-only";
import type { PointsEntryKind } from "@/generated/prisma/client";
import { ruleViolation } from "@/lib/errors";
import type { DbTx } from "@/server/db";
import type { AuditActor } from "@/server/audit/record-audit-event";

export interface LedgerLine {
  kind: PointsEntryKind;
  reason: string;
  serviceId?: string;
  devices?: number;
  licences?: number;
  remainingDays?: number;
  idempotencyKey?: string;
}

const actorColumns = (actor: AuditActor) =>
  "userId" in actor ? { actorUserId: actor.userId, actorLabel: actor.email } : { actorUserId: null, actorLabel: `system:${actor.system}` };

export async function getPointsBalance(db: DbTx, accountId: string): Promise<number> {
  const row = await db.pointsBalance.findUnique({ where: { accountId } });
  return row?.balance ?? 0;
}

/**
 * Locks the partner's balance row (if any) for the rest of the transaction and
 * returns the balance. Monthly pools are always locked before it (see the lock
 * order in src/server/pools/renew-monthly-pools.ts).
 */
export async function lockPointsBalance(db: DbTx, accountId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ balance: number }[]>`SELECT balance FROM points_balances WHERE account_id = ${accountId}::uuid FOR UPDATE`;
  return row?.balance ?? 0;
}

/** Adds points and writes the ledger line, in the caller's transaction. */
export async function addPoints(db: DbTx, actor: AuditActor, options: { accountId: string; points: number; line: LedgerLine }): Promise<number> {
  const [row] = await db.$queryRaw<{ balance: number }[]>`
    INSERT INTO points_balances (account_id, balance, updated_at) VALUES (${options.accountId}::uuid, ${options.points}, now())
    ON CONFLICT (account_id) DO UPDATE SET balance = points_balances.balance + EXCLUDED.balance, updated_at = now()
    RETURNING balance`;
  await db.pointsEntry.create({
    data: { accountId: options.accountId, delta: options.points, balanceAfter: row!.balance, ...options.line, ...actorColumns(actor) },
  });
  return row!.balance;
}

/**
 * Takes points with one conditional UPDATE (`balance >= points`): concurrent
 * exchanges queue on the balance row and the one that would go below zero is
 * refused with the reason, so the balance is never negative.
 */
export async function spendPoints(
  db: DbTx,
  actor: AuditActor,
  options: { accountId: string; points: number; line: LedgerLine; what: string },
): Promise<number> {
  const [row] = await db.$queryRaw<{ balance: number }[]>`
    UPDATE points_balances SET balance = balance - ${options.points}, updated_at = now()
    WHERE account_id = ${options.accountId}::uuid AND balance >= ${options.points}
    RETURNING balance`;
  if (!row) {
    const balance = await getPointsBalance(db, options.accountId);
    throw ruleViolation(
      "POINTS_SHORT",
      `Not enough points: ${options.what} needs ${options.points} points and the balance is ${balance}. Ask your distributor for more points.`,
    );
  }
  await db.pointsEntry.create({
    data: { accountId: options.accountId, delta: -options.points, balanceAfter: row.balance, ...options.line, ...actorColumns(actor) },
  });
  return row.balance;
}
