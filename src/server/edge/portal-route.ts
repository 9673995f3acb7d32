import "server-only";
import { NextResponse } from "next/server";
import { UNAVAILABLE_RETRY_AFTER_S, httpStatusOf, toAppError } from "@/lib/errors";
import { getCurrentActor } from "@/server/auth/current-actor";
import type { Actor } from "@/server/auth/reach";

export function jsonError(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  // A 503 is always temporary here (the database is away): say when to come back.
  const headers: Record<string, string> = status === 503 ? { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_S) } : {};
  return NextResponse.json({ error: { code, message, ...extra } }, { status, headers });
}

/** Maps anything a handler throws to a JSON answer without leaking internals. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError) {
    if (appError.code === "UNAVAILABLE") console.warn("route answered 503: database unavailable", describe(error));
    return jsonError(httpStatusOf(appError.code), appError.reason ?? appError.code, appError.message, {
      ...(appError.fieldErrors ? { fields: appError.fieldErrors } : {}),
    });
  }
  console.error("route failed", error);
  return jsonError(500, "INTERNAL", "Something went wrong. Try again.");
}

/** One line for the log: an outage answers many requests at once, a stack each would drown the log. */
function describe(error: unknown): string {
  const record = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  // Prisma's message quotes the calling code first; its last line says what happened.
  const lastLine = typeof record.message === "string" ? (record.message.trim().split("\n").at(-1) ?? "") : "";
  return [typeof record.code === "string" ? record.code : "", lastLine].filter(Boolean).join(" ").slice(0, 300);
}

/** Route handlers of the signed-in portal (exports, downloads): session-bound, errors mapped. */
export function portalRoute<Params>(
  handler: (request: Request, context: { actor: Actor; params: Params }) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      // Inside the try: reading the session touches the database, which may be away (503).
      const actor = await getCurrentActor();
      if (!actor) return jsonError(401, "UNAUTHENTICATED", "Sign in to continue.");
      return await handler(request, { actor, params: await context.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
