import "server-only";
import { Webhook } from "standardwebhooks";
import type { Prisma } from "@/generated/prisma/client";
import { webhookMessageId } from "@/lib/webhook-events";
import type { Db, DbTx } from "@/server/db";
import { createNotice } from "@/server/notifications/create-notice";
import { fanOutWebhookEvents } from "./fan-out-webhook-events";
import { postWebhook, type PostResult } from "./post-webhook";
import { RETRY_WINDOW_MS, webhookRetryDelayMs } from "./webhook-retries";

/**
 * A sender's claim on a SENDING delivery, taken and renewed with the database
 * clock. One post takes at most the receiver timeout (10 s), so a claim older
 * than this belongs to a sender that died between sending and marking: the
 * delivery is sent again, with the same webhook-id (at least once).
 */
export const WEBHOOK_CLAIM_STALE_AFTER_MS = 5 * 60_000;
/** Deliveries claimed at a time: small, so a claim is never held far ahead of its post. */
const CLAIM_BATCH = 10;

export interface WebhookDeliveryResult {
  /** Events turned into deliveries by this run. */
  events: number;
  delivered: number;
  retrying: number;
  failed: number;
  /** Endpoints switched off because they failed for 3 days. */
  disabledEndpoints: number;
}

export interface DeliverWebhooksOptions {
  now: Date;
  /** Only these deliveries ("Send test event", "Resend"): also to a switched-off endpoint, and no fan-out. */
  deliveryIds?: string[];
  /** Only events of, and endpoints of, these accounts and those below them (tests share one database). */
  accountIds?: string[];
  /** Claims older than this are taken over (default WEBHOOK_CLAIM_STALE_AFTER_MS). */
  staleAfterMs?: number;
  timeoutMs?: number;
  /** The jitter's draw, for tests that pin the schedule. */
  random?: () => number;
  /** Tests simulate a crash between the post and its mark by throwing here. */
  afterPost?: (deliveryId: string) => void;
}

interface ClaimedDelivery {
  id: string;
  accountId: string;
  endpointId: string;
  attempts: number;
  createdAt: Date;
  type: string;
  payload: Prisma.JsonValue;
  eventId: string;
  eventAt: Date;
  url: string;
  secret: string;
}

/**
 * The webhook sender, run by the scheduled routes (docs/webhooks.md#delivery):
 * fans new events out to endpoints, then claims due deliveries in small batches
 * (PENDING → SENDING with FOR UPDATE SKIP LOCKED, so concurrent runs never post
 * one attempt twice), signs each per Standard Webhooks, posts it, logs the attempt
 * and marks the delivery delivered, or due again after a growing delay, or failed
 * once its 3 days are over. A sender whose claim was taken over skips the delivery.
 */
export async function deliverWebhooks(db: Db, options: DeliverWebhooksOptions): Promise<WebhookDeliveryResult> {
  const { now } = options;
  const targeted = options.deliveryIds !== undefined;
  const deliveryIds = options.deliveryIds ?? [];
  const scoped = options.accountIds !== undefined;
  const accountIds = options.accountIds ?? [];
  const staleAfterMs = options.staleAfterMs ?? WEBHOOK_CLAIM_STALE_AFTER_MS;
  const result: WebhookDeliveryResult = { events: 0, delivered: 0, retrying: 0, failed: 0, disabledEndpoints: 0 };
  if (!targeted) result.events = await fanOutWebhookEvents(db, { now, accountIds: options.accountIds });
  for (;;) {
    const claimed = await db.$queryRaw<ClaimedDelivery[]>`
      WITH claim AS (
        UPDATE webhook_deliveries d SET status = 'SENDING', claimed_at = clock_timestamp(), attempts = d.attempts + 1
        WHERE d.id IN (
          SELECT due.id FROM webhook_deliveries due
          JOIN webhook_endpoints endpoint ON endpoint.id = due.endpoint_id
          JOIN accounts owner ON owner.id = endpoint.account_id
          WHERE ((due.status = 'PENDING' AND due.next_attempt_at <= ${now})
                 OR (due.status = 'SENDING' AND due.claimed_at < clock_timestamp() - ${staleAfterMs} * interval '1 millisecond'))
            AND (endpoint.enabled OR ${targeted})
            AND (NOT ${targeted} OR due.id = ANY(${deliveryIds}::uuid[]))
            AND (NOT ${scoped} OR EXISTS (SELECT 1 FROM accounts scope WHERE scope.id = ANY(${accountIds}::uuid[]) AND starts_with(owner.path, scope.path)))
          ORDER BY due.next_attempt_at NULLS FIRST, due.created_at
          LIMIT ${CLAIM_BATCH}
          FOR UPDATE OF due SKIP LOCKED)
        RETURNING d.id, d.account_id, d.endpoint_id, d.event_id, d.attempts, d.created_at
      )
      SELECT claim.id, claim.account_id AS "accountId", claim.endpoint_id AS "endpointId", claim.attempts,
             claim.created_at AS "createdAt", event.id AS "eventId", event.type, event.payload, event.created_at AS "eventAt",
             endpoint.url, endpoint.secret
      FROM claim
      JOIN webhook_events event ON event.id = claim.event_id
      JOIN webhook_endpoints endpoint ON endpoint.id = claim.endpoint_id`;
    for (const delivery of claimed) await sendClaimed(db, delivery, options, result);
    if (claimed.length < CLAIM_BATCH) return result;
  }
}

/** The body every receiver gets: `{ type, timestamp, data }` (docs/webhooks.md#payloads). */
export function webhookBody(event: { type: string; createdAt: Date; payload: Prisma.JsonValue }): string {
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload });
}

async function sendClaimed(db: Db, delivery: ClaimedDelivery, options: DeliverWebhooksOptions, result: WebhookDeliveryResult) {
  const { now } = options;
  // Still ours (same attempt, still SENDING)? Renew the claim right before posting; else another sender took it over.
  const renewed = await db.$executeRaw`
    UPDATE webhook_deliveries SET claimed_at = clock_timestamp()
    WHERE id = ${delivery.id}::uuid AND status = 'SENDING' AND attempts = ${delivery.attempts}`;
  if (renewed === 0) return;

  const messageId = webhookMessageId(delivery.eventId);
  const body = webhookBody({ type: delivery.type, createdAt: delivery.eventAt, payload: delivery.payload });
  // The signature's timestamp is when it is sent (receivers refuse stale ones), never a pinned clock.
  const signedAt = new Date();
  let post: PostResult;
  try {
    const signature = new Webhook(delivery.secret).sign(messageId, signedAt, body);
    post = await postWebhook({
      url: delivery.url,
      body,
      timeoutMs: options.timeoutMs,
      headers: { "webhook-id": messageId, "webhook-timestamp": Math.floor(signedAt.getTime() / 1000).toString(), "webhook-signature": signature },
    });
  } catch (error) {
    console.error("webhook post failed", error);
    post = { ok: false, responseCode: null, latencyMs: 0, error: "The event could not be sent." };
  }
  options.afterPost?.(delivery.id);

  await db.$transaction(async (tx) => {
    const ours = { id: delivery.id, status: "SENDING" as const, attempts: delivery.attempts };
    const giveUp = !post.ok && now.getTime() - delivery.createdAt.getTime() >= RETRY_WINDOW_MS;
    const marked = await tx.webhookDelivery.updateMany({
      where: ours,
      data: {
        status: post.ok ? "SUCCEEDED" : giveUp ? "FAILED" : "PENDING",
        claimedAt: null,
        lastAttemptAt: now,
        lastResponseCode: post.responseCode,
        lastLatencyMs: post.latencyMs,
        lastError: post.error,
        deliveredAt: post.ok ? now : undefined,
        nextAttemptAt: post.ok || giveUp ? null : new Date(now.getTime() + webhookRetryDelayMs(delivery.attempts, options.random)),
      },
    });
    if (marked.count === 0) return;
    await tx.webhookDeliveryAttempt.create({
      data: {
        accountId: delivery.accountId,
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        attempt: delivery.attempts,
        attemptedAt: now,
        status: post.ok ? "SUCCEEDED" : "FAILED",
        responseCode: post.responseCode,
        latencyMs: post.latencyMs,
        error: post.error,
      },
    });
    if (post.ok) {
      result.delivered++;
      await tx.webhookEndpoint.updateMany({ where: { id: delivery.endpointId, failingSince: { not: null } }, data: { failingSince: null } });
      return;
    }
    if (giveUp) result.failed++;
    else result.retrying++;
    if (await noteEndpointFailure(tx, delivery.endpointId, now)) result.disabledEndpoints++;
  });
}

/**
 * Records that the endpoint is failing; one failing for 3 days is switched off,
 * with a notice to its account (its recipients, else its admins). Returns whether it was switched off.
 */
async function noteEndpointFailure(tx: DbTx, endpointId: string, now: Date): Promise<boolean> {
  await tx.webhookEndpoint.updateMany({ where: { id: endpointId, failingSince: null }, data: { failingSince: now } });
  const cutoff = new Date(now.getTime() - RETRY_WINDOW_MS);
  const switchedOff = await tx.webhookEndpoint.updateManyAndReturn({
    where: { id: endpointId, enabled: true, failingSince: { lte: cutoff } },
    data: { enabled: false, disabledAt: now, disabledReason: "FAILING" },
    select: { id: true, accountId: true, url: true },
  });
  const endpoint = switchedOff[0];
  if (!endpoint) return false;
  await createNotice(tx, {
    accountId: endpoint.accountId,
    key: `webhook-endpoint:${endpoint.id}:disabled:${now.toISOString()}`,
    kind: "webhook.endpoint_disabled",
    title: "Webhook endpoint switched off",
    body: `Every delivery to ${endpoint.url} failed for 3 days, so the endpoint was switched off and receives no more events. Fix the receiver, then switch the endpoint on again on the Webhooks page; use Resend for the events it missed.`,
    link: `/a/${endpoint.accountId}/webhooks/${endpoint.id}`,
    email: true,
    now,
  });
  return true;
}
