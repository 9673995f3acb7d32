import { z } from "zod";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs are checked before any query, so malformed ones are simply "not found". */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** Marks the zod issue of a malformed id, which callers answer as "not found" rather than a field error. */
export const NOT_FOUND_ISSUE = { notFound: true } as const;

export function isNotFoundIssue(issue: { code: string; params?: Record<string, unknown> }): boolean {
  return issue.code === "custom" && issue.params?.notFound === true;
}

/**
 * The id of a record sent by a client (a form field, an action argument). Anything
 * that is not a uuid cannot name a record, so it fails as "not found" before any query.
 */
export const idSchema = z.string().refine(isUuid, { message: "That item was not found.", params: NOT_FOUND_ISSUE });

/** An id the client may leave out (an empty form field counts as left out). */
export const optionalIdSchema = z.preprocess((value) => (value === "" ? undefined : value), idSchema.optional());

/** Several ids sent as one comma-separated form field. */
export const idListSchema = (message: string) =>
  z
    .string()
    .transform((value) => value.split(",").filter(Boolean))
    .pipe(z.array(idSchema).min(1, message));

/** An id picked from a list in a form: empty asks the person to choose, anything else must be an id. */
export const chosenIdSchema = (message: string) => z.string({ error: message }).min(1, message).pipe(idSchema);
