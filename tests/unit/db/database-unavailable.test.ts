import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/database-unavailable";
import { AppError, toAppError } from "@/lib/errors";
import { errorResponse } from "@/server/edge/portal-route";
import { cronRoute } from "@/server/edge/cron-route";

/**
 * The shapes a database restart reaches the code in (seen in
 * tests/integration/platform/database-restart.test.ts), and the refusals that must stay
 * what they are (docs/deploying.md#faults).
 */

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: "connect", errno: -111 });
const serverError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["nobody listens", socketError("ECONNREFUSED")],
    ["the peer went away", socketError("ECONNRESET")],
    ["a fast restart ended the session (57P01)", serverError("57P01", "terminating connection due to administrator command")],
    ["a crash of another backend (57P02)", serverError("57P02", "terminating connection because of crash of another server process")],
    ["the server is starting up (57P03)", serverError("57P03", "the database system is starting up")],
    ["node-postgres lost the socket (no code)", new Error("Connection terminated unexpectedly")],
    ["the pool's connect timeout", new Error("timeout exceeded when trying to connect")],
    ["Prisma: server unreachable (P1001)", Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" })],
    ["Prisma: connection closed (P1017)", Object.assign(new Error("Server has closed the connection."), { code: "P1017" })],
    [
      "Prisma: a raw query whose driver error is 57P01 (P2010)",
      Object.assign(new Error("Raw query failed."), { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P01" } } } }),
    ],
    ["a driver-adapter error of kind ConnectionClosed", Object.assign(new Error("closed"), { cause: { kind: "ConnectionClosed" } })],
  ])("%s → unavailable", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505", severity: "ERROR" })],
    ["a statement refused whatever its text says", Object.assign(new Error("Connection terminated (a value in a row)"), { code: "22P02", severity: "ERROR" })],
    ["Prisma's unique violation", Object.assign(new Error("Unique constraint failed"), { code: "P2002" })],
    ["a domain error", new AppError("NOT_FOUND", "That item was not found.")],
    ["a plain bug", new TypeError("Cannot read properties of undefined")],
    ["not an object", "ECONNREFUSED"],
    ["nothing", null],
  ])("%s → not unavailable", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("does not loop on an error that is its own cause", () => {
    const error = new Error("odd") as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("the edge's answer to an outage", () => {
  it("is a 503 SERVICE_UNAVAILABLE with Retry-After, never the database's text", async () => {
    const response = errorResponse(serverError("57P01", "terminating connection due to administrator command"));
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error.message).not.toMatch(/administrator|terminating/);
    expect(toAppError(socketError("ECONNREFUSED"))?.code).toBe("UNAVAILABLE");
  });

  it("leaves other failures a 500 without Retry-After", () => {
    const response = errorResponse(new TypeError("bug"));
    expect(response.status).toBe(500);
    expect(response.headers.get("retry-after")).toBeNull();
  });
});

describe("a scheduled route during an outage", () => {
  it("answers 503 with Retry-After when claiming its run fails for want of the database", async () => {
    const saved = process.env.CRON_SECRET;
    process.env.CRON_SECRET = "cron-secret-for-unit-tests-0123";
    try {
      const handler = cronRoute(async () => {
        throw socketError("ECONNREFUSED");
      });
      const response = await handler(new Request("http://test/api/cron/x", { headers: { authorization: "Bearer cron-secret-for-unit-tests-0123" } }));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).not.toBeNull();
    } finally {
      if (saved === undefined) delete process.env.CRON_SECRET;
      else process.env.CRON_SECRET = saved;
    }
  });
});
