import "server-only";
import { z } from "zod";
import { AppError, invalid, type FieldErrors } from "@/lib/errors";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { errorResponse, jsonError } from "@/server/edge/portal-route";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";

export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** Reads a JSON body, refusing (413) anything larger than the limit without buffering it all. */
export async function readJsonBody(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw new AppError("INVALID", `The body is larger than ${limit} bytes.`, { reason: "PAYLOAD_TOO_LARGE" });
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError("INVALID", `The body is larger than ${limit} bytes.`, { reason: "PAYLOAD_TOO_LARGE" });
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("The body is not valid JSON.", { body: ["Send a JSON object."] }, "MALFORMED_JSON");
  }
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join(".") || "body";
      (fields[key] ??= []).push(issue.message);
    }
    throw invalid("The request has invalid fields.", fields, "VALIDATION_FAILED");
  }
  return parsed.data;
}

/**
 * Public REST API handlers: API-key authentication (401 otherwise), typed
 * errors as JSON `{ error: { code, message, fields? } }`, nothing internal leaked.
 */
export function apiRoute(handler: (request: Request, context: { actor: Actor }) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      const actor = await authenticateApiKey(db, request.headers.get("authorization"));
      if (!actor) {
        return jsonError(401, "UNAUTHENTICATED", "Send a valid API key as `Authorization: Bearer <key>`.");
      }
      return await handler(request, { actor });
    } catch (error) {
      if (error instanceof AppError && error.reason === "PAYLOAD_TOO_LARGE") {
        return jsonError(413, error.reason, error.message);
      }
      return errorResponse(error);
    }
  };
}
