import "server-only";
import { z } from "zod";
import "zod-openapi";

/*
 * Schemas every operation of the public API shares (docs/api.md): the error shape, paging,
 * ids and dates. JSON is camelCase everywhere; dates are ISO 8601 (a day as YYYY-MM-DD, an
 * instant as UTC with milliseconds).
 */

export const API_MAX_LIMIT = 100;
export const API_DEFAULT_LIMIT = 50;

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code, e.g. NOT_FOUND, VALIDATION_FAILED, NFR_ALREADY_USED.", example: "NOT_FOUND" }),
      message: z.string().meta({ description: "What went wrong, written for people.", example: "Contract was not found." }),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({ description: "Per field (dot path), what is wrong with it.", example: { quantity: ["Enter a whole number from 1."] } }),
      faults: z
        .array(z.object({ index: z.int(), field: z.string(), message: z.string() }))
        .optional()
        .meta({ description: "A refused telemetry batch: each faulty event's index, field and what is wrong (at most 100)." }),
    }),
  })
  .meta({ id: "Error", description: "Every error answer has this shape." });

/** An id used as a filter: a malformed one is refused naming its field. */
export const uuidSchema = z.guid({ error: "Give an id (a UUID)." });

/**
 * The id of the object an operation acts on or lists under (a path id, `accountId`): a malformed
 * one names nothing the key can reach, so it is "not found" like any other (docs/api.md#errors).
 */
export const subjectIdSchema = z.string().max(100).meta({ format: "uuid" });

export const isoDaySchema = z.iso.date().meta({ description: "A calendar day, YYYY-MM-DD, in the account's billing timezone.", example: "2026-12-07" });
export const isoInstantSchema = z.iso.datetime({ offset: true }).meta({ description: "An instant, ISO 8601 in UTC.", example: "2026-12-07T09:30:00.000Z" });

/** `limit` and `cursor` of every list (docs/api.md#paging). */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: `Give limit as a whole number from 1 to ${API_MAX_LIMIT}.` })
    .int(`Give limit as a whole number from 1 to ${API_MAX_LIMIT}.`)
    .min(1, `Give limit as a whole number from 1 to ${API_MAX_LIMIT}.`)
    .max(API_MAX_LIMIT, `Give limit as a whole number from 1 to ${API_MAX_LIMIT}.`)
    .default(API_DEFAULT_LIMIT)
    .meta({ description: `How many items per page (1–${API_MAX_LIMIT}).`, example: API_DEFAULT_LIMIT }),
  cursor: z
    .string()
    .max(2000, "That cursor is not one this API gave.")
    .optional()
    .meta({ description: "The `nextCursor` of the previous page; omit for the first page." }),
});

/** A page of a list: `{ data, nextCursor }`; `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null when this is the last page." }),
    })
    .meta({ id });
}

/** `true`/`false` in a query string. */
export const queryBoolean = z
  .enum(["true", "false"], { error: "Give true or false." })
  .transform((value) => value === "true");
