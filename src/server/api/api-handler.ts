import "server-only";
import { z } from "zod";
import { AppError, invalid, notFound, type FieldErrors } from "@/lib/errors";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";
import { errorResponse, jsonError } from "@/server/edge/portal-route";
import { readJsonBody } from "@/server/edge/api-route";
import type { AnyApiOperation } from "./api-operation";
import { etagOf, headerTags, ifMatchOf } from "./etag";
import { checkIdempotencyKey, claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, requestHash } from "./idempotency";
import { rateLimitHeaders, takeRateLimit, type RateLimitState } from "./rate-limit";

/*
 * The one pipeline every public API operation runs through (docs/api.md): API key, rate limit,
 * scope, input checked by the operation's own schemas (each fault names its field), the
 * Idempotency-Key of a POST, the handler, ETags. Errors keep one shape; nothing internal leaks.
 */

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

// Answers are checked against their documented schema outside production, so a test run
// catches an operation answering what its document does not say.
const CHECK_RESPONSES = process.env.NODE_ENV !== "production" || process.env.API_CHECK_RESPONSES === "1";

function fieldErrorsOf(error: z.ZodError, prefix = ""): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".");
    const key = prefix + (path || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "body"));
    const message = issue.code === "unrecognized_keys" ? `Not a parameter of this operation: ${issue.keys.join(", ")}.` : issue.message;
    (fields[key] ??= []).push(message);
  }
  return fields;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(`The request has invalid ${what}.`, fieldErrorsOf(parsed.error), "VALIDATION_FAILED");
  return parsed.data;
}

function queryObject(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    if (values.length > 1) throw invalid(`${key} was given more than once.`, { [key]: ["Give it once."] }, "VALIDATION_FAILED");
    query[key] = values[0]!;
  }
  return query;
}

function json(status: number, body: string, headers: Record<string, string>): Response {
  return new Response(body, { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers } });
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

async function authenticate(request: Request): Promise<Actor & { apiKey: NonNullable<Actor["apiKey"]> }> {
  const actor = await authenticateApiKey(db, request.headers.get("authorization"));
  if (!actor?.apiKey) throw new AppError("UNAUTHENTICATED", "Send a valid API key as `Authorization: Bearer <key>`.");
  return actor as Actor & { apiKey: NonNullable<Actor["apiKey"]> };
}

async function run(operation: AnyApiOperation, request: Request, routeContext: RouteContext | undefined, actor: Actor, rawBody: string | null): Promise<{ status: number; body: string; etag?: string }> {
  const routeParams = (await routeContext?.params) ?? {};
  // A malformed id in the path names nothing the caller can reach: not found, as for any other id.
  const params = operation.params ? operation.params.safeParse(routeParams) : null;
  if (params && !params.success) throw notFound(operation.tag.replace(/s$/, ""));
  const query = operation.query ? parseWith(operation.query.strict(), queryObject(new URL(request.url)), "parameters") : undefined;
  let body: unknown;
  if (operation.body) {
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(rawBody ?? "");
    } catch {
      throw invalid("The body is not valid JSON.", { body: ["Send a JSON object."] }, "MALFORMED_JSON");
    }
    body = parseWith(operation.body, parsedJson, "fields");
  }
  const result = await operation.handle({ actor, params: params?.data, query, body, ifMatch: ifMatchOf(request), request });
  if (CHECK_RESPONSES) {
    const checked = operation.response.schema.safeParse(result);
    if (!checked.success) {
      console.error(`API ${operation.operationId} answered outside its documented schema`, z.prettifyError(checked.error));
      throw new Error(`API ${operation.operationId} answered outside its documented schema`);
    }
  }
  const text = JSON.stringify(result);
  return { status: operation.response.status, body: text, ...(operation.etag ? { etag: etagOf(text) } : {}) };
}

/** The Next route handler of an operation: `export const GET = apiHandler(listContractsOperation)`. */
export function apiHandler(operation: AnyApiOperation) {
  return async (request: Request, routeContext?: RouteContext): Promise<Response> => {
    let limits: RateLimitState | null = null;
    try {
      const actor = await authenticate(request);
      limits = await takeRateLimit(db, { accountId: actor.apiKey.accountId, bucket: `api:${actor.apiKey.id}` });
      if (!limits.allowed) {
        return withHeaders(jsonError(429, "RATE_LIMITED", `Too many requests for this API key; retry in ${limits.resetS} s.`), rateLimitHeaders(limits));
      }
      if (operation.scope === "write" && actor.apiKey.scope === "READ_ONLY") {
        throw new AppError("FORBIDDEN", "This API key is read-only: create a read-write key to make changes.", { reason: "READ_ONLY_KEY" });
      }
      const rawBody = operation.body ? await readBodyText(request) : null;
      const idempotencyHeader = operation.method === "post" ? request.headers.get("idempotency-key") : null;
      if (idempotencyHeader === null) {
        const answer = await run(operation, request, routeContext, actor, rawBody);
        const headers = { ...rateLimitHeaders(limits), ...(answer.etag ? { ETag: answer.etag } : {}) };
        if (answer.etag && operation.method === "get" && headerTags(request.headers.get("if-none-match")).includes(answer.etag)) {
          return new Response(null, { status: 304, headers: { ...headers, "Cache-Control": "no-store" } });
        }
        return json(answer.status, answer.body, headers);
      }
      const key = checkIdempotencyKey(idempotencyHeader);
      const url = new URL(request.url);
      const claim = await claimIdempotencyKey(db, {
        accountId: actor.apiKey.accountId,
        apiKeyId: actor.apiKey.id,
        key,
        hash: requestHash(request.method, url.pathname + url.search, rawBody ?? ""),
      });
      if (claim.kind === "replay") return json(claim.status, claim.body, { ...rateLimitHeaders(limits), "Idempotent-Replayed": "true" });
      let answer: { status: number; body: string; etag?: string };
      try {
        answer = await run(operation, request, routeContext, actor, rawBody);
      } catch (error) {
        const refusal = errorResponse(error);
        // A refusal is the request's answer, replayed like a success; a failure a retry may fix is forgotten.
        if (refusal.status >= 500 || refusal.status === 429) await releaseIdempotencyKey(db, claim.id);
        else await completeIdempotencyKey(db, claim.id, { status: refusal.status, body: await refusal.clone().text() });
        return withHeaders(refusal, rateLimitHeaders(limits));
      }
      await completeIdempotencyKey(db, claim.id, answer);
      return json(answer.status, answer.body, { ...rateLimitHeaders(limits), ...(answer.etag ? { ETag: answer.etag } : {}) });
    } catch (error) {
      const response = error instanceof AppError && error.reason === "PAYLOAD_TOO_LARGE" ? jsonError(413, error.reason, error.message) : errorResponse(error);
      return withHeaders(response, limits ? rateLimitHeaders(limits) : {});
    }
  };
}

async function readBodyText(request: Request): Promise<string> {
  // readJsonBody bounds the size; the text is kept to hash for Idempotency-Key.
  const parsed = await readJsonBody(request);
  return JSON.stringify(parsed);
}
