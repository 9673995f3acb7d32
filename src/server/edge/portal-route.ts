import "server-only";
import { NextResponse } from "next/server";
import { httpStatusOf, toAppError } from "@/lib/errors";
import { getCurrentActor } from "@/server/auth/current-actor";
import type { Actor } from "@/server/auth/reach";

export function jsonError(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return NextResponse.json({ error: { code, message, ...extra } }, { status });
}

/** Maps anything a handler throws to a JSON answer without leaking internals. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError) {
    return jsonError(httpStatusOf(appError.code), appError.reason ?? appError.code, appError.message, {
      ...(appError.fieldErrors ? { fields: appError.fieldErrors } : {}),
    });
  }
  console.error("route failed", error);
  return jsonError(500, "INTERNAL", "Something went wrong. Try again.");
}

/** Route handlers of the signed-in portal (exports, downloads): session-bound, errors mapped. */
export function portalRoute<Params>(
  handler: (request: Request, context: { actor: Actor; params: Params }) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const actor = await getCurrentActor();
    if (!actor) return jsonError(401, "UNAUTHENTICATED", "Sign in to continue.");
    try {
      return await handler(request, { actor, params: await context.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
