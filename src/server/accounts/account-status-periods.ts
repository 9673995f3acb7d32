import "server-only";
import type { AccountStatus } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";

/** The audit actions that change an account's status, and the status each leaves it in. */
export const STATUS_CHANGE_ACTIONS = {
  "account.inactivated": "INACTIVE",
  "account.reactivated": "ACTIVE",
  "account.trial_activated": "ACTIVE",
  "account.trial_auto_activated": "ACTIVE",
} as const satisfies Record<string, AccountStatus>;

/**
 * Ends the account's open status period and opens the next one, in the transaction of the
 * status change, right after its audit event: the period starts at that event's instant, so
 * periods written live and those the migration back-filled from the audit trail are the same
 * rows. A period never ends before it starts (the next one starts where it ends), even when
 * the clock reads earlier than the open period's start.
 */
export async function recordStatusPeriod(tx: DbTx, options: { accountId: string; status: AccountStatus }): Promise<void> {
  const actions = Object.keys(STATUS_CHANGE_ACTIONS);
  await tx.$executeRaw`
    WITH change AS (
      SELECT e.created_at AS at FROM audit_events e
      WHERE e.account_id = ${options.accountId}::uuid AND e.action = ANY(${actions}::text[])
      ORDER BY e.created_at DESC, e.id DESC LIMIT 1
    ), closed AS (
      UPDATE account_status_periods p SET ended_at = GREATEST((SELECT at FROM change), p.started_at)
      WHERE p.account_id = ${options.accountId}::uuid AND p.ended_at IS NULL
      RETURNING p.ended_at
    )
    INSERT INTO account_status_periods (account_id, status, started_at)
    SELECT ${options.accountId}::uuid, ${options.status}::"AccountStatus", COALESCE((SELECT ended_at FROM closed), change.at)
    FROM change`;
}
