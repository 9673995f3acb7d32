import "server-only";
import type { DbTx } from "@/server/db";

/** Events turned into deliveries per statement. */
const FAN_OUT_BATCH = 500;

/**
 * Turns new events into deliveries, set-based (docs/webhooks.md#outbox): one row
 * per (event, endpoint) for every switched-on endpoint that subscribes to the
 * event's type, existed when the event happened, and whose account is the event's
 * account or above it (reach is the account path's prefix). Events are locked
 * with SKIP LOCKED and the (event, endpoint) key is unique, so concurrent runs
 * neither wait for each other nor queue one delivery twice.
 */
export async function fanOutWebhookEvents(db: DbTx, options: { now: Date; accountIds?: string[] }): Promise<number> {
  const scoped = options.accountIds !== undefined;
  const accountIds = options.accountIds ?? [];
  let events = 0;
  for (;;) {
    const [row] = await db.$queryRaw<{ events: number }[]>`
      WITH batch AS (
        SELECT id, account_id, type, created_at FROM webhook_events
        WHERE fanned_out_at IS NULL
          AND (NOT ${scoped} OR EXISTS (
            SELECT 1 FROM accounts subject, accounts scope
            WHERE subject.id = webhook_events.account_id AND scope.id = ANY(${accountIds}::uuid[]) AND starts_with(subject.path, scope.path)))
        ORDER BY fanned_out_at, created_at
        LIMIT ${FAN_OUT_BATCH}
        FOR UPDATE SKIP LOCKED
      ), queued AS (
        INSERT INTO webhook_deliveries (id, account_id, event_id, endpoint_id, status, next_attempt_at, created_at)
        SELECT gen_random_uuid(), endpoint.account_id, batch.id, endpoint.id, 'PENDING', ${options.now}, ${options.now}
        FROM batch
        JOIN accounts subject ON subject.id = batch.account_id
        JOIN webhook_endpoints endpoint ON endpoint.enabled AND batch.type = ANY(endpoint.event_types) AND endpoint.created_at <= batch.created_at
        JOIN accounts owner ON owner.id = endpoint.account_id AND starts_with(subject.path, owner.path)
        ON CONFLICT (event_id, endpoint_id) DO NOTHING
        RETURNING 1
      ), marked AS (
        UPDATE webhook_events SET fanned_out_at = ${options.now} WHERE id IN (SELECT id FROM batch) RETURNING 1
      )
      SELECT (SELECT count(*) FROM marked)::int AS events, (SELECT count(*) FROM queued)::int AS deliveries`;
    const count = row?.events ?? 0;
    events += count;
    if (count < FAN_OUT_BATCH) return events;
  }
}
