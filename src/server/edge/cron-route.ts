import "server-only";
import { timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import type { JobOutcome } from "@/server/jobs/run-job-once";
import { errorResponse } from "@/server/edge/portal-route";

/** What a scheduled call did: its outcome decides the HTTP status, its body is answered as JSON. */
export interface CronAnswer {
  outcome: JobOutcome["outcome"];
  body: Record<string, unknown>;
}

/**
 * The one wrapper of the scheduled routes (/api/cron/*): only a caller with the
 * secret gets in, then `job` runs and its outcome becomes the status — failed
 * 500 (the scheduler should alert), running 409 (another call holds the run),
 * anything else 200.
 */
export function cronRoute(job: () => Promise<CronAnswer>): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!cronAuthorised(request)) return cronUnauthorised();
    try {
      const { outcome, body } = await job();
      return NextResponse.json(body, { status: STATUS[outcome] });
    } catch (error) {
      // Claiming the run itself failed (the database is away: 503 with Retry-After, so the
      // scheduler calls again; the run record makes that safe), or something unexpected (500).
      return errorResponse(error);
    }
  };
}

const STATUS: Record<CronAnswer["outcome"], number> = { failed: 500, running: 409, ran: 200, "already-done": 200 };

/** Bearer CRON_SECRET, compared in constant time; no secret configured means no access, in every environment. */
function cronAuthorised(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  const header = request.headers.get("authorization") ?? "";
  if (!secret || !header.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const cronUnauthorised = () =>
  NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Send Authorization: Bearer $CRON_SECRET." } }, { status: 401 });
