import "server-only";
import type { DbTx } from "@/server/db";

/** Events, their deliveries and their log are kept this long (docs/webhooks.md#retention). */
export const WEBHOOK_HISTORY_DAYS = 30;
const PURGE_BATCH = 5000;

/**
 * Deletes events older than 30 days whose deliveries are all over (delivered or failed), with
 * those deliveries and their attempts (by cascade), in batches. An event still waiting for a
 * delivery or a retry stays, whatever its age. `accountIds` limits a run (tests).
 */
export async function purgeWebhookHistory(db: DbTx, options: { now: Date; accountIds?: string[] }): Promise<number> {
  const cutoff = new Date(options.now.getTime() - WEBHOOK_HISTORY_DAYS * 86_400_000);
  const scoped = options.accountIds !== undefined;
  const accountIds = options.accountIds ?? [];
  let purged = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM webhook_events WHERE id IN (
        SELECT e.id FROM webhook_events e
        WHERE e.created_at < ${cutoff} AND e.fanned_out_at IS NOT NULL
          AND (NOT ${scoped} OR e.account_id = ANY(${accountIds}::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status IN ('PENDING', 'SENDING'))
        LIMIT ${PURGE_BATCH})`;
    purged += deleted;
    if (deleted < PURGE_BATCH) return purged;
  }
}
