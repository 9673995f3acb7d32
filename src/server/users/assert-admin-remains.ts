import "server-only";
import { AppError } from "@/lib/errors";
import type { DbTx } from "@/server/db";

/**
 * Refuses a change that would leave the account without an ADMIN membership.
 * Locks the account's admin memberships first, so two admins demoting each
 * other at the same moment cannot both succeed.
 */
export async function assertAdminRemains(db: DbTx, accountId: string, leavingMembershipId: string): Promise<void> {
  const admins = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM memberships
    WHERE account_id = ${accountId}::uuid AND role = 'ADMIN'
    ORDER BY id
    FOR UPDATE`;
  const remaining = admins.filter((admin) => admin.id !== leavingMembershipId);
  if (admins.some((admin) => admin.id === leavingMembershipId) && remaining.length === 0) {
    throw new AppError("CONFLICT", "An account must keep at least one admin.", { reason: "LAST_ADMIN" });
  }
}
