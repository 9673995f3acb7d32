import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import { MAX_WEBHOOK_URL_LENGTH } from "./webhook-url";

/** Event types from checkboxes (a repeated field), a comma-separated list, or an array (the API). */
const eventTypesSchema = z
  .preprocess(
    (value) => (Array.isArray(value) ? value : typeof value === "string" ? value.split(",").filter(Boolean) : []),
    z.array(z.enum(WEBHOOK_EVENT_TYPES, { error: "Choose events from the list." })).min(1, "Choose at least one event to send."),
  )
  .transform((types) => [...new Set(types)].sort());

/** A checkbox sends "on" when ticked and nothing when not; the API sends a boolean. */
const checkbox = z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean());

/** What a person (or the API) gives for an endpoint (docs/webhooks.md#endpoints). */
export const webhookEndpointInputSchema = z.object({
  url: text({ error: "Enter the URL events are posted to." })
    .trim()
    .min(1, "Enter the URL events are posted to.")
    .max(MAX_WEBHOOK_URL_LENGTH, `Keep the URL under ${MAX_WEBHOOK_URL_LENGTH} characters.`),
  description: z.preprocess((value) => value ?? "", text().trim().max(200, "Keep the description under 200 characters.")),
  eventTypes: eventTypesSchema,
  enabled: checkbox,
});

export type WebhookEndpointInput = z.infer<typeof webhookEndpointInputSchema>;
