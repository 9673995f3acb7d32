import "server-only";
import { z } from "zod";
import { AppError, invalid, notFound, type FieldErrors } from "@/lib/errors";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";
import { errorResponse, jsonError } from "@/server/edge/portal-route";
import { readJsonBody } from "@/server/edge/api-route";
import type { AnyApiOperation } from "./api-operation";
import { headerTags, ifMatchOf, versionTag } from "./etag";
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

async function run(operation: AnyApiOperation, request: Request, routeContext: RouteContext | undefined, actor: Actor, parsedBody: ReadBody | null): Promise<{ status: number; body: string; etag?: string }> {
  const routeParams = (await routeContext?.params) ?? {};
  // A malformed id in the path names nothing the caller can reach: not found, as for any other id.
  const params = operation.params ? operation.params.safeParse(routeParams) : null;
  if (params && !params.success) throw notFound(operation.tag.replace(/s$/, ""));
  const query = operation.query ? parseWith(operation.query.strict(), queryObject(new URL(request.url)), "parameters") : undefined;
  const body = operation.body ? parseWith(operation.body, parsedBody?.value, "fields") : undefined;
  const result = await operation.handle({ actor, params: params?.data, query, body, ifMatch: ifMatchOf(request, operation.version), request });
  if (CHECK_RESPONSES) {
    const checked = operation.response.schema.safeParse(result);
    if (!checked.success) {
      console.error(`API ${operation.operationId} answered outside its documented schema`, z.prettifyError(checked.error));
      throw new Error(`API ${operation.operationId} answered outside its documented schema`);
    }
  }
  return { status: operation.response.status, body: JSON.stringify(result), ...(operation.etag ? { etag: versionTag(result, operation.version) } : {}) };
}

/** A read-only key may not call a write operation: 403 READ_ONLY_KEY before anything runs (docs/api.md#keys-and-scopes). */
export function assertKeyMayWrite(actor: Actor) {
  if (actor.apiKey?.scope === "READ_ONLY") {
    throw new AppError("FORBIDDEN", "This API key is read-only: create a read-write key to make changes.", { reason: "READ_ONLY_KEY" });
  }
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
      if (operation.scope === "write") assertKeyMayWrite(actor);
      const parsedBody = operation.body ? await readBody(request) : null;
      const idempotencyHeader = operation.method === "post" ? request.headers.get("idempotency-key") : null;
      if (idempotencyHeader === null) {
        const answer = await run(operation, request, routeContext, actor, parsedBody);
        const headers = { ...rateLimitHeaders(limits), ...(answer.etag ? { ETag: answer.etag } : {}) };
        const unchanged = headerTags(request.headers.get("if-none-match"), { weak: true });
        if (answer.etag && operation.method === "get" && (unchanged.includes(answer.etag) || unchanged.includes("*"))) {
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
        hash: requestHash(request.method, url.pathname + url.search, parsedBody?.text ?? ""),
      });
      if (claim.kind === "replay") {
        // The first answer again, with the ETag it had (the tag is of the answer, so it is the same).
        const etag: Record<string, string> = operation.etag && claim.status < 300 ? { ETag: versionTag(JSON.parse(claim.body), operation.version) } : {};
        return json(claim.status, claim.body, { ...rateLimitHeaders(limits), ...etag, "Idempotent-Replayed": "true" });
      }
      let answer: { status: number; body: string; etag?: string };
      try {
        answer = await run(operation, request, routeContext, actor, parsedBody);
      } catch (error) {
        const refusal = errorResponse(error);
        // A refusal is the request's answer, replayed like a success. So is a failure (5xx): the change
        // may have been made before it, and a retry must not make it twice (Stripe does the same).
        // Only a 429 (nothing ran) and a 503 (the database went away: its transaction did not
        // commit, and a retry honouring Retry-After must run rather than replay the outage) are
        // forgotten. Releasing may itself fail while the database is away: the claim then stays
        // in progress until it expires, as for a crashed instance.
        if (refusal.status === 429 || refusal.status === 503) await releaseIdempotencyKey(db, claim.id);
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

interface ReadBody {
  value: unknown;
  /** The body as parsed, serialised again: what Idempotency-Key hashes (the same JSON, however it was spaced). */
  text: string;
}

/** Reads the JSON body once: bounded in size and refused when malformed (readJsonBody). */
async function readBody(request: Request): Promise<ReadBody> {
  const value = await readJsonBody(request);
  return { value, text: JSON.stringify(value) };
}
