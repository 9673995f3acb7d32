import createClient, { type Middleware } from "openapi-fetch";
import { expect } from "vitest";
import { buildOpenApiDocument } from "@/server/api/openapi-document";
import type { paths } from "./v1-schema";

/*
 * The typed client of the public API (openapi-fetch over the types openapi-typescript made from
 * the document), calling the app's own route handlers — the modules Next serves under
 * /api/v1 — in this process, against the test database. Every answer is recorded by operation
 * and status, so a test file can require that it exercised every status its operations document.
 */

type RouteModule = Record<string, ((request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>) | unknown>;

// Every route module of the API, by its file path (Vite's import.meta.glob: no list to keep).
const ROUTES = import.meta.glob<RouteModule>("/src/app/api/v1/**/route.ts");

interface Route {
  pattern: RegExp;
  names: string[];
  template: string;
  load: () => Promise<RouteModule>;
}

const routes: Route[] = Object.entries(ROUTES).map(([file, load]) => {
  const relative = file.replace(/^\/src\/app\/api\/v1/, "").replace(/\/route\.ts$/, "") || "/";
  const names: string[] = [];
  const source = relative.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { pattern: new RegExp(`^${source}$`), names, template: relative.replace(/\[([^\]]+)\]/g, "{$1}"), load };
});

/** The route template (`/contracts/{contractId}`) a path of the API matches, with its params. */
export function matchRoute(pathname: string): { route: Route; params: Record<string, string> } | null {
  const path = pathname.replace(/^\/api\/v1/, "");
  // Literal segments win over parameters (`/usage/daily` before `/usage/{month}`).
  const candidates = routes.filter((route) => route.pattern.test(path)).sort((a, b) => a.names.length - b.names.length);
  const route = candidates[0];
  if (!route) return null;
  const values = route.pattern.exec(path)!.slice(1);
  return { route, params: Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(values[i]!)])) };
}

/** fetch() answered by the app's route handlers, as Next would call them. */
export async function appFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  const match = matchRoute(url.pathname);
  if (!match) return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: "No such route." } }), { status: 404 });
  const handler = (await match.route.load())[request.method];
  if (typeof handler !== "function") return new Response(null, { status: 405 });
  return (handler as (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>)(request, { params: Promise.resolve(match.params) });
}

export const API_BASE = "http://portal.test/api/v1";

const seen = new Set<string>();

const recorder: Middleware = {
  onResponse({ request, response }) {
    const match = matchRoute(new URL(request.url).pathname);
    if (match) seen.add(`${request.method.toLowerCase()} ${match.route.template} ${response.status}`);
    return response;
  },
};

/** A typed client acting with `key` (or none, for the 401s). */
export function apiClient(key: string | null, headers: Record<string, string> = {}) {
  const client = createClient<paths>({
    baseUrl: API_BASE,
    fetch: appFetch,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  });
  client.use(recorder);
  return client;
}

/** Records an answer got without the typed client (a raw request a typed client cannot make). */
export function recordAnswer(request: Request, response: Response) {
  const match = matchRoute(new URL(request.url).pathname);
  if (match) seen.add(`${request.method.toLowerCase()} ${match.route.template} ${response.status}`);
}

/** Fails unless every status the document gives the operations of `tag` was answered in this file. */
export function expectEveryDocumentedStatus(tag: string, except: string[] = []) {
  const document = buildOpenApiDocument();
  const documented: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      const op = operation as { tags?: string[]; responses?: Record<string, unknown> };
      if (!op.tags?.includes(tag)) continue;
      for (const status of Object.keys(op.responses ?? {})) documented.push(`${method} ${path} ${status}`);
    }
  }
  expect(documented.length).toBeGreaterThan(0);
  expect(documented.filter((entry) => !seen.has(entry) && !except.includes(entry))).toEqual([]);
}

/**
 * The answers every operation of `tag` gives by the API's own rules, before it looks at path ids
 * (so a missing one will do), with a read-write key of a tenant made for it: 413 to a body over
 * 256 KiB; and for each POST, 422 for an Idempotency-Key used with another request and 409 for one
 * whose first request is still running. Run it outside a test that lowered the rate limit.
 */
export async function expectProtocolAnswers(tag: string) {
  const { makeTenant } = await import("../factories");
  const { createApiKey } = await import("@/server/api-keys/create-api-key");
  const { db } = await import("@/server/db");
  const { requestHash } = await import("@/server/api/idempotency");
  const t = await makeTenant(`protocol-${tag}`);
  const { key, id: apiKeyId } = await createApiKey(db, { actor: t.distributorAdmin.actor, accountId: t.distributor.id, name: "Protocol" });
  const send = async (url: string, method: string, body: string | undefined, headers: Record<string, string> = {}) => {
    const init = { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers } };
    const response = await appFetch(new Request(url, { ...init, body }));
    recordAnswer(new Request(url, init), response);
    return response;
  };
  const document = buildOpenApiDocument();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      const op = operation as { tags?: string[]; requestBody?: unknown; responses?: Record<string, unknown> };
      if (!op.tags?.includes(tag)) continue;
      const url = `${API_BASE}${path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000")}`;
      if (op.requestBody && op.responses?.["413"]) expect((await send(url, method.toUpperCase(), JSON.stringify({ padding: "x".repeat(300 * 1024) }))).status, `${method} ${path}`).toBe(413);
      if (method !== "post" || !op.responses?.["409"] || !op.responses?.["422"]) continue;
      // The key is claimed with a hash of the body as read: "{}" where the operation takes one, nothing where it does not.
      const body = op.requestBody ? "{}" : undefined;
      const reused = `reused-${method}-${path}`;
      const running = `running-${method}-${path}`;
      await db.apiIdempotencyKey.createMany({
        data: [
          { accountId: t.distributor.id, apiKeyId, key: reused, requestHash: "another request" },
          { accountId: t.distributor.id, apiKeyId, key: running, requestHash: requestHash("POST", new URL(url).pathname, body ?? "") },
        ],
      });
      const reuse = await send(url, "POST", body, { "Idempotency-Key": reused });
      expect([reuse.status, ((await reuse.json()) as { error: { code: string } }).error.code], `${method} ${path}`).toEqual([422, "IDEMPOTENCY_KEY_REUSED"]);
      const wait = await send(url, "POST", body, { "Idempotency-Key": running });
      expect([wait.status, ((await wait.json()) as { error: { code: string } }).error.code], `${method} ${path}`).toEqual([409, "IDEMPOTENCY_KEY_IN_USE"]);
    }
  }
}
