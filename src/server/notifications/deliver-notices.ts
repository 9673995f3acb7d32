import type { Notice } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { Mailer } from "./mailer";

/** After this many failed sends a notice is FAILED (and shown so) instead of retried. */
export const MAX_SEND_ATTEMPTS = 10;
/** A SENDING claim older than this belongs to a sender that died: it is taken again. */
export const SENDING_STALE_AFTER_MS = 10 * 60_000;

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
 * Drains the outbox: due notices are claimed atomically (PENDING → SENDING,
 * FOR UPDATE SKIP LOCKED, so concurrent senders never take the same one), sent
 * over SMTP, then marked SENT. A refusal or connection failure puts the notice
 * back to PENDING with a growing delay; nothing accepted by the server is ever
 * sent again, because only an answer from it decides SENT vs retry.
 */
export async function deliverDueNotices(
  db: Db,
  options: { now: Date; mailer: Mailer; accountIds?: string[]; batchSize?: number },
): Promise<DeliveryResult> {
  const { now, mailer } = options;
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
  const batchSize = options.batchSize ?? 50;
  const staleBefore = new Date(now.getTime() - SENDING_STALE_AFTER_MS);
  const scoped = options.accountIds !== undefined;
  const accountIds = options.accountIds ?? [];
  for (;;) {
    const claimed = await db.$queryRaw<Notice[]>`
      UPDATE notices n SET status = 'SENDING', claimed_at = ${now}, attempts = n.attempts + 1
      WHERE n.id IN (
        SELECT id FROM notices
        WHERE ((status = 'PENDING' AND next_attempt_at <= ${now}) OR (status = 'SENDING' AND claimed_at < ${staleBefore}))
          AND (${!scoped} OR account_id = ANY(${accountIds}::uuid[]))
        ORDER BY next_attempt_at NULLS FIRST, created_at
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING n.id, n.account_id AS "accountId", n.key, n.title, n.body, n.link, n.recipients, n.attempts`;
    if (claimed.length === 0) return result;
    for (const notice of claimed) {
      try {
        const info = await mailer.send({
          to: notice.recipients,
          subject: notice.title,
          text: `${notice.body}${portalUrl(notice.link)}`,
          messageId: `<notice-${notice.id}@msp-license-portal>`,
        });
        await db.notice.updateMany({
          where: { id: notice.id, status: "SENDING" },
          data: { status: "SENT", sentAt: now, messageId: info.messageId, lastError: null, nextAttemptAt: null },
        });
        result.sent++;
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 500);
        const giveUp = notice.attempts >= MAX_SEND_ATTEMPTS;
        await db.notice.updateMany({
          where: { id: notice.id, status: "SENDING" },
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
