import { NextResponse } from "next/server";
import { apiRoute, readJsonBody } from "@/server/edge/api-route";
import { takeToken, telemetryRateLimit } from "@/server/api-keys/rate-limiter";
import { db } from "@/server/db";
import { afterResponse } from "@/server/edge/after-response";
import { foldAllPendingNow, requestFold } from "@/server/metering/fold-telemetry";
import { ingestTelemetry } from "@/server/metering/ingest-telemetry";
import { TELEMETRY_BODY_LIMIT, validateTelemetryBatch } from "@/server/metering/telemetry-input";

/**
 * Device telemetry: a batch of up to 10,000 events. A malformed batch is
 * refused whole (400 with every fault); duplicates are skipped and counted.
 * The devices' last seen and daily activity follow within moments of the
 * answer (fold-telemetry.ts).
 */
export const POST = apiRoute(async (request, { actor }) => {
  // Shared by every instance (rate_limit_buckets): N instances allow the rate of one.
  const wait = actor.apiKey ? await takeToken(db, { accountId: actor.apiKey.accountId, bucket: `telemetry:${actor.apiKey.id}`, limit: telemetryRateLimit() }) : 0;
  if (wait > 0) {
    return NextResponse.json(
      { error: { code: "RATE_LIMITED", message: `Too many batches for this key; retry in ${wait} s.` } },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const now = new Date();
  const validated = validateTelemetryBatch(await readJsonBody(request, TELEMETRY_BODY_LIMIT), now);
  if ("faults" in validated) {
    return NextResponse.json(
      { error: { code: "INVALID_BATCH", message: "The batch was refused; nothing was written.", faults: validated.faults } },
      { status: 400 },
    );
  }
  // Answer as soon as the events are recorded; their activity is folded right after
  // (called outside Next, as by a test, the fold completes before the answer).
  const result = await ingestTelemetry(db, { actor, events: validated.events, now, fold: false });
  await afterResponse(
    () => requestFold(db),
    () => foldAllPendingNow(db),
  );
  return NextResponse.json(result);
});
