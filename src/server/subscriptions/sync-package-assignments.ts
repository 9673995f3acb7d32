import "server-only";
import type { DbTx } from "@/server/db";

/**
 * Brings the package assignments of an account's end users in line with their
 * groups: a user is assigned every package attached to any group they belong
 * to. Assignments that are no longer covered by any group are ended (kept as
 * history, so past months still bill what was assigned then); newly covered
 * ones are opened. Two set-based statements, run in the caller's transaction
 * after the account row is locked, so concurrent changes to the same customer
 * queue and the open-assignment unique key never races.
 */
export async function syncPackageAssignments(
  tx: DbTx,
  options: { accountId: string; now: Date; endUserIds?: string[] },
): Promise<{ assigned: number; unassigned: number }> {
  const { accountId, now } = options;
  const only = options.endUserIds ?? null;
  const unassigned = await tx.$executeRaw`
    UPDATE package_assignments pa
    SET unassigned_at = ${now}, open_package_id = NULL
    WHERE pa.account_id = ${accountId}::uuid AND pa.open_package_id IS NOT NULL
      AND (${only}::uuid[] IS NULL OR pa.end_user_id = ANY(${only}::uuid[]))
      AND NOT EXISTS (
        SELECT 1 FROM user_group_members m
        JOIN group_subscriptions gs ON gs.group_id = m.group_id
        WHERE m.account_id = pa.account_id AND m.end_user_id = pa.end_user_id AND gs.package_id = pa.package_id)`;
  const assigned = await tx.$executeRaw`
    INSERT INTO package_assignments (account_id, end_user_id, package_id, assigned_at, open_package_id)
    SELECT DISTINCT m.account_id, m.end_user_id, gs.package_id, ${now}::timestamptz, gs.package_id
    FROM user_group_members m
    JOIN group_subscriptions gs ON gs.group_id = m.group_id
    WHERE m.account_id = ${accountId}::uuid
      AND (${only}::uuid[] IS NULL OR m.end_user_id = ANY(${only}::uuid[]))
    ON CONFLICT (end_user_id, open_package_id) DO NOTHING`;
  return { assigned, unassigned };
}
