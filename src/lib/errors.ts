import { isDatabaseUnavailable } from "./database-unavailable";

/**
 * Domain errors carry a code the edge maps to HTTP statuses or form errors.
 * Messages are written for people; raw database errors never become one.
 */
export type AppErrorCode =
  | "UNAUTHENTICATED"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "CONFLICT"
  | "INVALID"
  | "RULE_VIOLATION"
  | "PRECONDITION_FAILED"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** A rule's reason, e.g. LAST_ADMIN or NFR_ALREADY_USED. */
  readonly reason?: string;
  readonly fieldErrors?: FieldErrors;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { reason?: string; fieldErrors?: FieldErrors } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.reason = options.reason;
    this.fieldErrors = options.fieldErrors;
  }
}

export const notFound = (what = "That item") => new AppError("NOT_FOUND", `${what} was not found.`);
export const forbidden = (message = "You do not have permission to do that.", reason?: string) =>
  new AppError("FORBIDDEN", message, { reason });
export const conflict = (message: string, reason?: string) => new AppError("CONFLICT", message, { reason });
export const invalid = (message: string, fieldErrors?: FieldErrors, reason?: string) =>
  new AppError("INVALID", message, { fieldErrors, reason });

/** A business rule refused the operation; the reason names the rule. */
export const ruleViolation = (reason: string, message: string) => new AppError("RULE_VIOLATION", message, { reason });

const HTTP_STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID: 400,
  RULE_VIOLATION: 422,
  PRECONDITION_FAILED: 412,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export function httpStatusOf(code: AppErrorCode): number {
  return HTTP_STATUS[code];
}

/** Prisma's unique-constraint violation, raised as a P2002 known request error. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Seconds a client is told to wait (Retry-After) when the database is briefly unavailable: about one restart. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/**
 * The database could not be reached or dropped the connection (a restart, a failover):
 * the request may be sent again in a moment (docs/deploying.md#faults).
 */
export const databaseUnavailable = () =>
  new AppError("UNAVAILABLE", `The service is briefly unavailable. Try again in ${UNAVAILABLE_RETRY_AFTER_S} seconds.`, { reason: "SERVICE_UNAVAILABLE" });

/** Turns anything thrown into an AppError; unknown errors become a generic one (logged by the caller). */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (isUniqueViolation(error)) return conflict("That already exists.", "ALREADY_EXISTS");
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  return null;
}
