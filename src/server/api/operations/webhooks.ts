import "server-only";
import { z } from "zod";
import { conflict } from "@/lib/errors";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "@/server/webhooks/delete-webhook-endpoint";
import { getWebhookEndpointInReach, webhookEndpointAccountId, webhookEndpointView } from "@/server/webhooks/get-webhook-endpoint";
import { latestWebhookAttempt, listWebhookAttempts } from "@/server/webhooks/list-webhook-attempts";
import { listWebhookEndpoints } from "@/server/webhooks/list-webhook-endpoints";
import { queueWebhookResend } from "@/server/webhooks/resend-webhook-delivery";
import { rollWebhookSecret } from "@/server/webhooks/roll-webhook-secret";
import { sendWebhookNow } from "@/server/webhooks/send-webhook-now";
import { updateWebhookEndpoint } from "@/server/webhooks/update-webhook-endpoint";
import { webhookEndpointInputSchema } from "@/server/webhooks/webhook-endpoint-input";
import {
  createdWebhookEndpointSchema,
  webhookAttemptJson,
  webhookAttemptSchema,
  webhookEndpointJson,
  webhookEndpointSchema,
  webhookSecretSchema,
} from "@/server/webhooks/webhook-endpoint-json";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, subjectIdSchema } from "../api-schemas";

/* Webhook endpoints through the API (docs/webhooks.md): the Webhooks page's functions, for a key that may manage the account. */

const TAG = "Webhooks";
const endpointParams = z.object({ endpointId: subjectIdSchema.meta({ description: "The endpoint's id." }) });

const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: "Choose event types from the list." }), { error: "Give the event types as a list." })
  .min(1, "Choose at least one event to send.")
  .transform((types) => [...new Set(types)].sort())
  .meta({ description: "The event types to send (docs: Webhooks, Events)." });
const { url, description } = webhookEndpointInputSchema.shape;

/** The endpoint's account, then the endpoint through it, as the page reads it. */
async function readEndpoint(actor: Actor, endpointId: string) {
  const accountId = await webhookEndpointAccountId(db, { actor, endpointId });
  const { endpoint } = await getWebhookEndpointInReach(db, { actor, accountId, endpointId });
  return webhookEndpointJson(webhookEndpointView(endpoint));
}

export const listWebhookEndpointsOperation = defineOperation({
  operationId: "listWebhookEndpoints",
  method: "get",
  path: "/webhook-endpoints",
  tag: TAG,
  summary: "List an account's webhook endpoints",
  description: "Every endpoint of the account, newest first, in one page (an account has a handful). Needs a key that may manage the account.",
  scope: "read",
  query: z.object({ accountId: subjectIdSchema.meta({ description: "The account whose endpoints to list (the key's account or one below it)." }) }),
  response: { status: 200, description: "The account's endpoints.", schema: pageOf(webhookEndpointSchema, "WebhookEndpointPage") },
  errors: [403, 404],
  async handle({ actor, query }) {
    const rows = await listWebhookEndpoints(db, { actor, accountId: query.accountId });
    return { data: rows.map(webhookEndpointJson), nextCursor: null };
  },
});

export const getWebhookEndpointOperation = defineOperation({
  operationId: "getWebhookEndpoint",
  method: "get",
  path: "/webhook-endpoints/{endpointId}",
  tag: TAG,
  summary: "Get a webhook endpoint",
  scope: "read",
  params: endpointParams,
  response: { status: 200, description: "The endpoint (never its secret).", schema: webhookEndpointSchema },
  errors: [403, 404],
  etag: "read",
  handle: ({ actor, params }) => readEndpoint(actor, params.endpointId),
});

export const createWebhookEndpointOperation = defineOperation({
  operationId: "createWebhookEndpoint",
  method: "post",
  path: "/webhook-endpoints",
  tag: TAG,
  summary: "Add a webhook endpoint",
  description: "Adds an endpoint to the account. The answer carries its signing secret, shown only this once. The URL must resolve to public addresses.",
  scope: "write",
  body: z.object({
    accountId: subjectIdSchema.meta({ description: "The account the endpoint belongs to; it hears about this account and those below it." }),
    url,
    description: description.optional().default(""),
    eventTypes,
    enabled: z.boolean({ error: "Give true or false." }).default(true),
  }),
  response: { status: 201, description: "The endpoint added, and its secret.", schema: createdWebhookEndpointSchema },
  errors: [400, 403, 404],
  async handle({ actor, body }) {
    const { accountId, ...input } = body;
    const created = await createWebhookEndpoint(db, { actor, accountId, input });
    return { endpoint: await readEndpoint(actor, created.id), secret: created.secret };
  },
});

export const updateWebhookEndpointOperation = defineOperation({
  operationId: "updateWebhookEndpoint",
  method: "patch",
  path: "/webhook-endpoints/{endpointId}",
  tag: TAG,
  summary: "Edit a webhook endpoint",
  description: "Changes the fields given (URL, description, event types, on or off). Switching it on again starts the 3 days of failures afresh.",
  scope: "write",
  params: endpointParams,
  body: z.object({ url: url.optional(), description: description.optional(), eventTypes: eventTypes.optional(), enabled: z.boolean({ error: "Give true or false." }).optional() }),
  response: { status: 200, description: "The endpoint as edited.", schema: webhookEndpointSchema },
  errors: [400, 403, 404],
  async handle({ actor, params, body }) {
    const current = await readEndpoint(actor, params.endpointId);
    await updateWebhookEndpoint(db, {
      actor,
      accountId: current.accountId,
      endpointId: params.endpointId,
      input: {
        url: body.url ?? current.url,
        description: body.description ?? current.description,
        eventTypes: body.eventTypes ?? current.eventTypes,
        enabled: body.enabled ?? current.enabled,
      },
    });
    return readEndpoint(actor, params.endpointId);
  },
});

export const deleteWebhookEndpointOperation = defineOperation({
  operationId: "deleteWebhookEndpoint",
  method: "delete",
  path: "/webhook-endpoints/{endpointId}",
  tag: TAG,
  summary: "Delete a webhook endpoint",
  description: "Deletes the endpoint with its deliveries and their log.",
  scope: "write",
  params: endpointParams,
  response: { status: 200, description: "The endpoint was deleted.", schema: z.object({ id: z.guid(), deleted: z.literal(true) }).meta({ id: "DeletedWebhookEndpoint" }) },
  errors: [403, 404],
  async handle({ actor, params }) {
    const accountId = await webhookEndpointAccountId(db, { actor, endpointId: params.endpointId });
    await deleteWebhookEndpoint(db, { actor, accountId, endpointId: params.endpointId });
    return { id: params.endpointId, deleted: true as const };
  },
});

export const rollWebhookSecretOperation = defineOperation({
  operationId: "rollWebhookSecret",
  method: "post",
  path: "/webhook-endpoints/{endpointId}/roll-secret",
  tag: TAG,
  summary: "Roll a webhook endpoint's signing secret",
  description: "Replaces the secret at once (every post from now on is signed with the new one) and answers it, only this once.",
  scope: "write",
  params: endpointParams,
  response: { status: 200, description: "The new secret.", schema: webhookSecretSchema },
  errors: [403, 404],
  async handle({ actor, params }) {
    const accountId = await webhookEndpointAccountId(db, { actor, endpointId: params.endpointId });
    return rollWebhookSecret(db, { actor, accountId, endpointId: params.endpointId });
  },
});

export const listWebhookAttemptsOperation = defineOperation({
  operationId: "listWebhookAttempts",
  method: "get",
  path: "/webhook-endpoints/{endpointId}/attempts",
  tag: TAG,
  summary: "List a webhook endpoint's delivery log",
  description: "Every attempt to post an event to the endpoint, newest first.",
  scope: "read",
  params: endpointParams,
  query: pageQuerySchema,
  response: { status: 200, description: "A page of attempts.", schema: pageOf(webhookAttemptSchema, "WebhookAttemptPage") },
  errors: [400, 403, 404],
  async handle({ actor, params, query }) {
    const accountId = await webhookEndpointAccountId(db, { actor, endpointId: params.endpointId });
    const page = await listWebhookAttempts(db, { actor, accountId, endpointId: params.endpointId, page: apiPageRequest(query.cursor), pageSize: query.limit, strictCursor: true });
    return apiPage(page, webhookAttemptJson);
  },
});

export const resendWebhookDeliveryOperation = defineOperation({
  operationId: "resendWebhookDelivery",
  method: "post",
  path: "/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend",
  tag: TAG,
  summary: "Resend a webhook delivery",
  description: "Posts the event to the endpoint again, now, with the same `webhook-id`; the answer is the new attempt. A failure is retried like any delivery.",
  scope: "write",
  params: endpointParams.extend({ deliveryId: subjectIdSchema.meta({ description: "The delivery's id (`deliveryId` of an attempt)." }) }),
  response: { status: 200, description: "The attempt just made.", schema: webhookAttemptSchema },
  errors: [403, 404, 409],
  async handle({ actor, params }) {
    const accountId = await webhookEndpointAccountId(db, { actor, endpointId: params.endpointId });
    await queueWebhookResend(db, { actor, accountId, endpointId: params.endpointId, deliveryId: params.deliveryId });
    await sendWebhookNow(db, { deliveryId: params.deliveryId });
    const attempt = await latestWebhookAttempt(db, params.deliveryId);
    if (!attempt) throw conflict("This event is being sent right now; read the log again in a moment.");
    return webhookAttemptJson(attempt);
  },
});
