import "server-only";
import type { Prisma, WebhookAttemptStatus, WebhookDeliveryStatus } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { webhookMessageId } from "@/lib/webhook-events";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { getWebhookEndpointInReach } from "./get-webhook-endpoint";

export interface WebhookAttemptRow {
  id: string;
  deliveryId: string;
  /** The `webhook-id` the receiver saw. */
  messageId: string;
  eventType: string;
  attempt: number;
  attemptedAt: Date;
  status: WebhookAttemptStatus;
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
  /** Where the delivery stands now (a later attempt or a Resend may have changed it). */
  deliveryStatus: WebhookDeliveryStatus;
}

const include = { delivery: { select: { status: true, eventId: true, event: { select: { type: true } } } } } satisfies Prisma.WebhookDeliveryAttemptInclude;
type AttemptWithDelivery = Prisma.WebhookDeliveryAttemptGetPayload<{ include: typeof include }>;

function attemptRow(row: AttemptWithDelivery): WebhookAttemptRow {
  return {
    id: row.id,
    deliveryId: row.deliveryId,
    messageId: webhookMessageId(row.delivery.eventId),
    eventType: row.delivery.event.type,
    attempt: row.attempt,
    attemptedAt: row.attemptedAt,
    status: row.status,
    responseCode: row.responseCode,
    latencyMs: row.latencyMs,
    error: row.error,
    deliveryStatus: row.delivery.status,
  };
}

/** A delivery's latest attempt (after a Resend), for a delivery the caller has already reached. */
export async function latestWebhookAttempt(db: DbTx, deliveryId: string): Promise<WebhookAttemptRow | null> {
  const row = await db.webhookDeliveryAttempt.findFirst({ where: { deliveryId }, orderBy: { attempt: "desc" }, include });
  return row ? attemptRow(row) : null;
}

/** An endpoint's delivery log, newest attempt first, paged by keyset (docs/lists.md). */
export async function listWebhookAttempts(
  db: DbTx,
  options: { actor: Actor; accountId: string; endpointId: string; page?: PageRequest; pageSize: number; strictCursor?: boolean },
): Promise<Page<WebhookAttemptRow>> {
  const { account, endpoint } = await getWebhookEndpointInReach(db, options);
  type Part = KeyPart<AttemptWithDelivery, Prisma.WebhookDeliveryAttemptWhereInput, Prisma.WebhookDeliveryAttemptOrderByWithRelationInput>;
  const parts: Part[] = [field("attemptedAt", "date", "desc", (row) => row.attemptedAt), field("id", "uuid", "asc", (row) => row.id)];
  const page = await keysetPage({
    sort: "attemptedAt.desc",
    parts,
    where: { endpointId: endpoint.id, accountId: account.id },
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    findMany: (args) => db.webhookDeliveryAttempt.findMany({ ...args, include }),
    count: (args) => db.webhookDeliveryAttempt.count({ ...args, orderBy: { endpointId: "asc" } }),
    strictCursor: options.strictCursor,
  });
  return {
    ...page,
    rows: page.rows.map(attemptRow),
  };
}
