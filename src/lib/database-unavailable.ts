/**
 * Whether a thrown error means "the database could not be reached or dropped the
 * connection" rather than "the database refused this statement": the first is the
 * service being briefly unavailable (503 with Retry-After, docs/deploying.md#faults),
 * the second a fault of the request or of the code.
 *
 * The same outage reaches us in several shapes: node-postgres' own errors (socket
 * codes, SQLSTATE classes 08 and 57P, "Connection terminated unexpectedly" with no
 * code at all, the pool's connect timeout), and Prisma's wrappers of them (P1001,
 * P1017, or a driver-adapter error whose cause names the kind or the original code).
 * So the error and everything it wraps is searched, a few levels deep.
 */

/** Socket failures: nobody listens, or the peer went away mid-conversation. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * SQLSTATEs of a server going away or not yet back: 57P01 admin_shutdown (a fast
 * restart ends every session), 57P02 crash_shutdown, 57P03 cannot_connect_now
 * ("the database system is starting up"), 57P05 idle session timeout, class 08
 * (connection exceptions), 53300 too_many_connections (a restart's reconnect storm).
 */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "57P05", "53300", "08000", "08001", "08003", "08004", "08006", "08P01"]);

/** Prisma's codes for the same: server unreachable, timed out, connection closed. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);

/** The driver-adapter error kinds Prisma 7 carries in `cause.kind` for them. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/** node-postgres raises these as plain Errors, without a code. */
const MESSAGES = [
  /Connection terminated/i,
  /connection (?:is )?closed/i,
  /Client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  return search(error, 0, new Set());
}

function search(value: unknown, depth: number, seen: Set<unknown>): boolean {
  if (depth > 5 || typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  const record = value as Record<string, unknown>;
  const code = typeof record.code === "string" ? record.code : null;
  if (code && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || PRISMA_CODES.has(code))) return true;
  if (typeof record.originalCode === "string" && SQLSTATES.has(record.originalCode)) return true;
  if (typeof record.kind === "string" && ADAPTER_KINDS.has(record.kind)) return true;
  // A statement refused by the database (any other SQLSTATE) is not an outage, whatever its message says.
  // (node-postgres gives a server's error its severity; its own socket errors have none.)
  const refusedStatement = code !== null && typeof record.severity === "string";
  if (!refusedStatement && typeof record.message === "string" && MESSAGES.some((pattern) => pattern.test(record.message as string))) return true;
  const meta = typeof record.meta === "object" && record.meta !== null ? (record.meta as Record<string, unknown>) : {};
  const nested = [record.cause, meta.driverAdapterError, meta.cause, ...(Array.isArray(record.errors) ? record.errors : [])];
  return nested.some((inner) => search(inner, depth + 1, seen));
}
