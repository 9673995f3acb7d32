import { z } from "zod";
import "zod-openapi";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import type { WebhookEndpointView } from "./get-webhook-endpoint";
import type { WebhookAttemptRow } from "./list-webhook-attempts";

/** The API's representation of a webhook endpoint (docs/webhooks.md#endpoints): never its secret. */
export const webhookEndpointSchema = z
  .object({
    id: z.guid(),
    accountId: z.guid(),
    url: z.string().meta({ example: "https://psa.example.com/webhooks/msp-portal" }),
    description: z.string(),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    enabled: z.boolean(),
    disabledAt: z.iso.datetime().nullable(),
    disabledReason: z.enum(["MANUAL", "FAILING"]).nullable().meta({ description: "Switched off by a person, or after failing for 3 days." }),
    failingSince: z.iso.datetime().nullable().meta({ description: "First failure since the last success; null while delivering." }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpointJson = z.infer<typeof webhookEndpointSchema>;

export const webhookSecretSchema = z
  .object({ secret: z.string().meta({ description: "The signing secret (Standard Webhooks `whsec_…`), shown only in this answer.", example: "whsec_…" }) })
  .meta({ id: "WebhookSecret" });

export const createdWebhookEndpointSchema = z
  .object({ endpoint: webhookEndpointSchema, secret: webhookSecretSchema.shape.secret })
  .meta({ id: "CreatedWebhookEndpoint" });

export const webhookAttemptSchema = z
  .object({
    id: z.guid(),
    deliveryId: z.guid().meta({ description: "The delivery to resend." }),
    webhookId: z.string().meta({ description: "The `webhook-id` the receiver saw.", example: "evt_0b7f7c9e6a3a4d0f9b8f1d2c3e4a5b6c" }),
    eventType: z.string(),
    attempt: z.int(),
    attemptedAt: z.iso.datetime(),
    status: z.enum(["SUCCEEDED", "FAILED"]),
    responseCode: z.int().nullable(),
    latencyMs: z.int(),
    error: z.string().nullable(),
  })
  .meta({ id: "WebhookAttempt" });

export function webhookEndpointJson(endpoint: WebhookEndpointView & { accountId: string }): WebhookEndpointJson {
  return {
    id: endpoint.id,
    accountId: endpoint.accountId,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes as WebhookEndpointJson["eventTypes"],
    enabled: endpoint.enabled,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason === "MANUAL" || endpoint.disabledReason === "FAILING" ? endpoint.disabledReason : null,
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
  };
}

export function webhookAttemptJson(row: WebhookAttemptRow): z.infer<typeof webhookAttemptSchema> {
  return {
    id: row.id,
    deliveryId: row.deliveryId,
    webhookId: row.messageId,
    eventType: row.eventType,
    attempt: row.attempt,
    attemptedAt: row.attemptedAt.toISOString(),
    status: row.status,
    responseCode: row.responseCode,
    latencyMs: row.latencyMs,
    error: row.error,
  };
}
