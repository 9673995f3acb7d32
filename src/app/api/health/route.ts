import { NextResponse } from "next/server";
import { db } from "@/server/db";
import { checkHealth } from "@/server/health/check-health";

export const dynamic = "force-dynamic";

/**
 * `GET /api/health` — readiness: 200 when the database answers with every migration applied,
 * else 503. `GET /api/health?probe=live` — liveness: 200 while the process answers, without
 * touching the database (a database outage must not restart every instance). docs/deploying.md#health
 */
export async function GET(request: Request) {
  const headers = { "Cache-Control": "no-store" };
  if (new URL(request.url).searchParams.get("probe") === "live") return NextResponse.json({ status: "ok" }, { headers });
  const health = await checkHealth(db);
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: health.status === "ok" ? headers : { ...headers, "Retry-After": "5" } });
}
