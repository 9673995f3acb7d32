import { timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { db } from "@/server/db";
import { runDailyMetering } from "@/server/metering/run-daily-metering";

// Metering may take a while on large tenants; never cache, never pre-render.
export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** Bearer CRON_SECRET, compared in constant time; no secret configured means no access, in every environment. */
function authorised(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  const header = request.headers.get("authorization") ?? "";
  if (!secret || !header.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function handle(request: Request): Promise<Response> {
  if (!authorised(request)) {
    return NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Send Authorization: Bearer $CRON_SECRET." } }, { status: 401 });
  }
  const result = await runDailyMetering(db, { now: new Date() });
  const body = {
    outcome: result.outcome,
    run: {
      id: result.run.id,
      job: result.run.job,
      period: result.run.period,
      status: result.run.status,
      attempt: result.run.attempt,
      counts: result.run.counts,
      error: result.run.error,
    },
  };
  return NextResponse.json(body, { status: result.outcome === "failed" ? 500 : result.outcome === "running" ? 409 : 200 });
}

export const GET = handle;
export const POST = handle;
