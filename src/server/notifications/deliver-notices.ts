import "server-only";
import type { Notice } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { Mailer } from "./mailer";

/** After this many failed sends a notice is FAILED (and shown so) instead of retried. */
export const MAX_SEND_ATTEMPTS = 10;
/**
 * A sender's claim (lease) on a SENDING notice. It is taken, and renewed before
 * each send, with the database clock; one send takes at most about a minute
 * (the mailer's connection, greeting and socket timeouts), so a claim older
 * than this belongs to a sender that died and is taken again.
 */
export const SENDING_STALE_AFTER_MS = 30 * 60_000;
/** Notices claimed at a time: small, so a claim is never held far ahead of its send. */
export const DELIVERY_BATCH_SIZE = 10;

/** 1, 2, 4 … minutes after each failure, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360) * 60_000;
}

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
}

function portalUrl(link: string | null): string {
  if (!link) return "";
  const base = (process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
  return `\n\nOpen in the portal: ${base}${link}`;
}

/**
 * Drains the outbox: due notices are claimed atomically in small batches
 * (PENDING → SENDING, FOR UPDATE SKIP LOCKED, so concurrent senders never take
 * the same one), sent over SMTP, then marked SENT. Claims use the database
 * clock (`clock_timestamp()`, per batch and renewed before each send), never
 * the caller's `now`, so a long drain is not mistaken for a dead one by a
 * concurrent run; a sender whose claim was taken over skips the notice. A
 * refusal or connection failure puts the notice back to PENDING with a growing
 * delay. Delivery is exactly once except in one case: a sender that dies after
 * the server accepted a message but before SENT is written leaves a claim that
 * goes stale, and the notice is sent again (at least once; the stable
 * Message-ID lets the receiving side recognise the repeat).
 */
export async function deliverDueNotices(
  db: Db,
  options: { now: Date; mailer: Mailer; accountIds?: string[]; batchSize?: number },
): Promise<DeliveryResult> {
  const { now, mailer } = options;
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
  const batchSize = options.batchSize ?? DELIVERY_BATCH_SIZE;
  const scoped = options.accountIds !== undefined;
  const accountIds = options.accountIds ?? [];
  for (;;) {
    const claimed = await db.$queryRaw<Notice[]>`
      UPDATE notices n SET status = 'SENDING', claimed_at = clock_timestamp(), attempts = n.attempts + 1
      WHERE n.id IN (
        SELECT id FROM notices
        WHERE ((status = 'PENDING' AND next_attempt_at <= ${now})
               OR (status = 'SENDING' AND claimed_at < clock_timestamp() - ${SENDING_STALE_AFTER_MS} * interval '1 millisecond'))
          AND (${!scoped} OR account_id = ANY(${accountIds}::uuid[]))
        ORDER BY next_attempt_at NULLS FIRST, created_at
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING n.id, n.account_id AS "accountId", n.key, n.title, n.body, n.link, n.recipients, n.attempts`;
    if (claimed.length === 0) return result;
    for (const notice of claimed) {
      // Still ours (same attempt, still SENDING)? Renew the claim right before sending; else another sender took it over.
      const ours = { id: notice.id, status: "SENDING" as const, attempts: notice.attempts };
      const renewed = await db.$executeRaw`
        UPDATE notices SET claimed_at = clock_timestamp()
        WHERE id = ${notice.id}::uuid AND status = 'SENDING' AND attempts = ${notice.attempts}`;
      if (renewed === 0) continue;
      try {
        const info = await mailer.send({
          to: notice.recipients,
          subject: notice.title,
          text: `${notice.body}${portalUrl(notice.link)}`,
          messageId: `<notice-${notice.id}@msp-license-portal>`,
        });
        await db.notice.updateMany({
          where: ours,
          data: { status: "SENT", sentAt: now, messageId: info.messageId, lastError: null, nextAttemptAt: null },
        });
        result.sent++;
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 500);
        const giveUp = notice.attempts >= MAX_SEND_ATTEMPTS;
        await db.notice.updateMany({
          where: ours,
          data: giveUp
            ? { status: "FAILED", lastError: message, nextAttemptAt: null }
            : { status: "PENDING", lastError: message, nextAttemptAt: new Date(now.getTime() + retryDelayMs(notice.attempts)) },
        });
        if (giveUp) result.failed++;
        else result.retrying++;
      }
    }
    if (claimed.length < batchSize) return result;
  }
}
