import type { PrismaClient } from "@/generated/prisma/client";
import { STATUS_CHANGE_ACTIONS } from "@/server/accounts/account-status-periods";

/**
 * Moves an account's status change `action` to `at`, as if it had happened then: its audit
 * event, the status period it opened (the latest of that status) and the end of the period
 * before it — the history billing reads (account_status_periods), kept as the change wrote it.
 */
export async function backdateStatusChange(
  db: PrismaClient,
  options: { accountId: string; action: keyof typeof STATUS_CHANGE_ACTIONS; at: Date },
): Promise<void> {
  const { accountId, action, at } = options;
  await db.auditEvent.updateMany({ where: { accountId, action }, data: { createdAt: at } });
  const status = STATUS_CHANGE_ACTIONS[action];
  await db.$executeRaw`
    WITH opened AS (
      SELECT id FROM account_status_periods WHERE account_id = ${accountId}::uuid AND status = ${status}::"AccountStatus"
      ORDER BY id DESC LIMIT 1
    ), moved AS (
      UPDATE account_status_periods p SET started_at = ${at} FROM opened WHERE p.id = opened.id RETURNING p.id
    )
    UPDATE account_status_periods p SET ended_at = ${at}
    WHERE p.id = (SELECT max(b.id) FROM account_status_periods b, moved WHERE b.account_id = ${accountId}::uuid AND b.id < moved.id)`;
}
