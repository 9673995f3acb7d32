import "server-only";
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import type { ApiErrorStatus, DocumentedOperation } from "./api-operation";
import { apiErrorSchema } from "./api-schemas";
import { API_RATE_WINDOW_S } from "./rate-limit";
import { API_OPERATIONS } from "./operations";

/*
 * The OpenAPI 3.1 document of the public API, generated from the operations' own zod schemas
 * (docs/api.md#the-document): what the handlers validate with is what the document says.
 */

const ERROR_DESCRIPTIONS: Record<ApiErrorStatus | 401 | 429 | 413, string> = {
  413: "The body is larger than the operation takes.",
  400: "Invalid input: `error.fields` names each field and what is wrong with it.",
  401: "No valid API key.",
  403: "The key may not do this (a read-only key, or a role that may not).",
  404: "Not found, or not in the key's reach (the same answer).",
  409: "Conflicts with the current state (e.g. an Idempotency-Key still in use, a duplicate).",
  412: "If-Match did not match the object's current ETag: read it again.",
  422: "Refused by a rule (its code names the rule), or an Idempotency-Key reused with another request.",
  429: "Too many requests for this key: wait Retry-After seconds.",
};

const rateLimitHeaders = z.object({
  "RateLimit-Limit": z.string().meta({ description: `Requests allowed per ${API_RATE_WINDOW_S} s window for this key.` }),
  "RateLimit-Remaining": z.string().meta({ description: "Requests left in the current window." }),
  "RateLimit-Reset": z.string().meta({ description: "Seconds until the window resets." }),
});

function errorResponse(status: ApiErrorStatus | 401 | 429 | 413, ownRoute: boolean) {
  const retryAfter = z.object({ "Retry-After": z.string().meta({ description: "Seconds to wait." }) });
  return {
    description: ERROR_DESCRIPTIONS[status],
    content: { "application/json": { schema: apiErrorSchema } },
    ...(status === 429 ? { headers: ownRoute ? retryAfter : rateLimitHeaders.extend(retryAfter.shape) } : {}),
  };
}

function operationObject(operation: DocumentedOperation): ZodOpenApiOperationObject {
  const errors = new Set<ApiErrorStatus | 401 | 429 | 413>([401, 429, ...operation.errors]);
  if (operation.body) errors.add(413);
  if (operation.query || operation.body) errors.add(400);
  if (operation.scope === "write") errors.add(403);
  // Idempotency-Key: still running (409), or reused with another request (422).
  if (operation.method === "post" && !("ownRoute" in operation)) errors.add(409).add(422);
  // Telemetry (its own route) has its batch limiter's Retry-After, and event keys instead of Idempotency-Key.
  const ownRoute = "ownRoute" in operation;
  const answerHeaders = ownRoute ? z.object({}) : rateLimitHeaders;
  const responses: ZodOpenApiResponsesObject = {
    [operation.response.status]: {
      description: operation.response.description,
      headers: operation.etag ? answerHeaders.extend({ ETag: z.string().meta({ description: "The object's version, for If-Match / If-None-Match." }) }) : answerHeaders,
      content: { "application/json": { schema: operation.response.schema } },
    },
    ...(operation.etag === "read" ? { 304: { description: "Not modified: If-None-Match matched the current ETag." } } : {}),
  };
  for (const status of [...errors].sort()) responses[`${status}` as `4${string}`] = errorResponse(status, ownRoute);
  const header: Record<string, z.ZodType> = {};
  if (operation.method === "post" && !ownRoute) {
    header["Idempotency-Key"] = z.string().min(1).max(255).optional().meta({ description: "Retry safely: the same key and request within 24 h answers the first answer again (Idempotent-Replayed: true)." });
  }
  if (operation.etag === "match") header["If-Match"] = z.string().optional().meta({ description: "The ETag you read: refuses (412) if the object changed since." });
  if (operation.etag === "read") header["If-None-Match"] = z.string().optional().meta({ description: "An ETag you hold: 304 when it is still current." });
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    "x-scope": operation.scope === "read" ? "read-only or read-write key" : "read-write key",
    requestParams: {
      ...(operation.params ? { path: operation.params } : {}),
      ...(operation.query ? { query: operation.query } : {}),
      ...(Object.keys(header).length ? { header: z.object(header) } : {}),
    },
    ...(operation.body ? { requestBody: { required: true, content: { "application/json": { schema: operation.body } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(operations: readonly DocumentedOperation[] = API_OPERATIONS) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method] = operationObject(operation);
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "MSP License Portal API",
      version: "1.0.0",
      description:
        "Accounts, contracts, plans and gateways, devices and end users, usage, statements, location licences, pools and notices of the accounts in your API key's reach. Authenticate with `Authorization: Bearer <key>`, a key from the portal's API keys page (read-only or read and write). JSON in camelCase; days as YYYY-MM-DD in the account's billing timezone, instants in UTC. Lists page with `limit` and `cursor` (`nextCursor`). Errors: `{ \"error\": { \"code\", \"message\", \"fields\"? } }`. Any operation may answer 503 `SERVICE_UNAVAILABLE` with `Retry-After` while the database restarts: send the same request again after that many seconds.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key from the portal's API keys page." } } },
    tags: [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
  });
}
