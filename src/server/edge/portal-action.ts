import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { notFound, toAppError, type FieldErrors } from "@/lib/errors";
import { isNotFoundIssue } from "@/lib/ids";
import type { FormState } from "@/lib/form-state";
import { requireActor } from "@/server/auth/current-actor";
import type { Actor } from "@/server/auth/reach";

export const GENERIC_FAILURE = "Something went wrong and nothing was changed. Try again.";

function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    out[key] = value;
  }
  return out;
}

/** Text fields only, and never passwords: echoed back to refill the form. */
function echoValues(raw: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

export function errorState(error: unknown): FormState {
  unstable_rethrow(error);
  const appError = toAppError(error);
  if (appError) {
    return {
      status: "error",
      message: appError.message,
      reason: appError.reason,
      fieldErrors: appError.fieldErrors,
      at: Date.now(),
    };
  }
  console.error("action failed", error);
  return { status: "error", message: GENERIC_FAILURE, at: Date.now() };
}

/**
 * The one wrapper every server action goes through: resolves the signed-in
 * caller from the session (re-read from the database), validates the form with
 * zod (ids with idSchema, text with the shared text schema: docs/input-validation.md),
 * runs the domain function and maps typed errors to form errors. Account
 * ids from the client are only ever used as lookups inside the caller's reach.
 */
export function portalAction<Schema extends z.ZodType>(
  schema: Schema,
  run: (input: z.output<Schema>, actor: Actor) => Promise<FormState | void>,
) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const actor = await requireActor();
    const raw = formDataToObject(formData);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      // A malformed id cannot name anything the caller may reach: "not found", as for any id out of reach.
      if (parsed.error.issues.some(isNotFoundIssue)) return { ...errorState(notFound()), values: echoValues(raw) };
      return {
        status: "error",
        message: "Check the highlighted fields.",
        fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors,
        values: echoValues(raw),
        at: Date.now(),
      };
    }
    try {
      return (await run(parsed.data, actor)) ?? { status: "ok", at: Date.now() };
    } catch (error) {
      return { ...errorState(error), values: echoValues(raw) };
    }
  };
}
