/**
 * The events an endpoint can subscribe to and how the portal names them
 * (docs/webhooks.md#events). `webhook.test` is sent only by "Send test event",
 * to the one endpoint it was asked for, whatever it subscribes to.
 */
export const WEBHOOK_EVENT_TYPES = [
  "contract.created",
  "contract.updated",
  "contract.canceled",
  "contract.expiring",
  "account.status_changed",
  "licence.status_changed",
  "usage.month_finalized",
  "statement.finalized",
  "pool.renewal_shortfall",
  "alert.triggered",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const TEST_EVENT_TYPE = "webhook.test";

export const WEBHOOK_EVENT_LABEL: Record<WebhookEventType | typeof TEST_EVENT_TYPE, string> = {
  "contract.created": "Contract added",
  "contract.updated": "Contract edited",
  "contract.canceled": "Contract canceled",
  "contract.expiring": "Contract about to expire",
  "account.status_changed": "Account status changed",
  "licence.status_changed": "Location licence status changed",
  "usage.month_finalized": "Month of usage finalized",
  "statement.finalized": "Statement finalized",
  "pool.renewal_shortfall": "Pool renewal short of points",
  "alert.triggered": "Billing alert raised",
  "webhook.test": "Test event",
};

export function webhookEventLabel(type: string): string {
  return (WEBHOOK_EVENT_LABEL as Record<string, string>)[type] ?? "Other event";
}

export const WEBHOOK_DELIVERY_STATUS_LABEL = {
  PENDING: "Waiting",
  SENDING: "Sending",
  SUCCEEDED: "Delivered",
  FAILED: "Failed",
} as const;

/** Why an endpoint is off (webhook_endpoints.disabled_reason). */
export const WEBHOOK_DISABLED_REASON_LABEL: Record<string, string> = {
  MANUAL: "Switched off",
  FAILING: "Switched off after failing for 3 days",
};

/** `webhook-id` of an event: receivers dedupe by it. */
export function webhookMessageId(eventId: string): string {
  return `evt_${eventId.replace(/-/g, "")}`;
}
