import { z } from "zod";

/*
 * The shared schemas for text and dates that enter the portal (API bodies,
 * forms, list and export query parameters). Rules: docs/input-validation.md.
 */

/** NUL, or a UTF-16 surrogate that is not half of a pair: PostgreSQL text cannot hold either. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The longest text any field accepts unless its own schema says less. */
export const MAX_TEXT_LENGTH = 10_000;

export const UNSTORABLE_TEXT_MESSAGE = "Remove the control or broken characters (such as NUL) from this text.";

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * Text PostgreSQL can store: no NUL, no lone surrogate, at most `MAX_TEXT_LENGTH`
 * characters. Takes the same parameters as `z.string()` and is still a string
 * schema, so fields chain `.trim().min().max()` on it as before.
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z
    .string(params)
    .max(MAX_TEXT_LENGTH, `Keep this under ${MAX_TEXT_LENGTH.toLocaleString("en-US")} characters.`)
    .refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE });
}

/*
 * Dates: every day, month and instant the portal takes lies in this window.
 * PostgreSQL cannot store year 0, and nothing in a licensing portal happens
 * before 2000 or after 2100.
 */
export const EARLIEST_DAY = "2000-01-01";
export const LATEST_DAY = "2100-12-31";
const EARLIEST_MS = Date.parse(`${EARLIEST_DAY}T00:00:00Z`);
const LATEST_MS = Date.parse(`${LATEST_DAY}T23:59:59.999Z`);
export const DATE_WINDOW_MESSAGE = `Choose a date between ${EARLIEST_DAY} and ${LATEST_DAY}.`;

/** A real calendar day yyyy-MM-dd inside the window. */
export function isBoundedDay(value: unknown): value is string {
  return typeof value === "string" && z.iso.date().safeParse(value).success && value >= EARLIEST_DAY && value <= LATEST_DAY;
}

/** A month yyyy-MM inside the window. */
export function isBoundedMonth(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && isBoundedDay(`${value}-01`);
}

/** Instants (ISO 8601 with an offset) inside the window. */
export function isBoundedInstant(value: string): boolean {
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/** The window check runs only on a well-formed value: one message per fault. */
const WINDOW_CHECK = { message: DATE_WINDOW_MESSAGE, when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** A calendar day yyyy-MM-dd in the window. */
export function isoDay(message = "Enter the date as YYYY-MM-DD.") {
  return z.iso.date(message).refine((value) => isBoundedDay(value), WINDOW_CHECK);
}

/** A month yyyy-MM in the window. */
export function isoMonth(message = "Use the form YYYY-MM.") {
  return z
    .string({ error: message })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, message)
    .refine((value) => isBoundedMonth(value), WINDOW_CHECK);
}

/** An ISO 8601 timestamp with a timezone, in the window. */
export function isoInstant(message = "Use an ISO 8601 timestamp with a timezone.") {
  return z.iso.datetime({ offset: true, error: message }).refine(isBoundedInstant, WINDOW_CHECK);
}
