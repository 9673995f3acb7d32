import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { WebhookEventType } from "@/lib/webhook-events";
import type { DbTx } from "@/server/db";

export interface WebhookEventInput {
  /** The account the change is about; endpoints of it and of the accounts above it hear of it. */
  accountId: string;
  type: WebhookEventType;
  /** The event's `data`: plain JSON, ids and ISO dates (docs/webhooks.md#payloads). */
  data: Prisma.InputJsonObject;
  now?: Date;
}

/**
 * Writes an event to the webhook outbox inside the caller's transaction, so an
 * event exists exactly when the change it reports commits (docs/webhooks.md#outbox).
 * Delivery happens later, from the scheduled routes.
 */
export async function recordWebhookEvent(tx: DbTx, input: WebhookEventInput): Promise<void> {
  await tx.webhookEvent.create({
    data: { accountId: input.accountId, type: input.type, payload: input.data, createdAt: input.now ?? new Date() },
  });
}

/** The same for many events in one statement (a daily step that reports many objects). */
export async function recordWebhookEvents(tx: DbTx, inputs: WebhookEventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.webhookEvent.createMany({
    data: inputs.map((input) => ({ accountId: input.accountId, type: input.type, payload: input.data, createdAt: input.now ?? new Date() })),
  });
}
