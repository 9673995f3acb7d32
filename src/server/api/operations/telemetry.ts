import "server-only";
import { z } from "zod";
import { MAX_EVENTS_PER_BATCH, telemetryBatchSchema } from "@/server/metering/telemetry-input";
import type { OwnRouteOperation } from "../api-operation";

/* POST /api/v1/telemetry as the document describes it; src/app/api/v1/telemetry/route.ts serves it (docs/metering.md). */

export const ingestTelemetryOperation: OwnRouteOperation = {
  operationId: "ingestTelemetry",
  method: "post",
  path: "/telemetry",
  tag: "Telemetry",
  summary: "Report device activity",
  description: `A batch of 1–${MAX_EVENTS_PER_BATCH.toLocaleString("en-US")} events (up to 4 MiB). A batch with any fault is refused whole (400 with every fault, at most 100); events already received (same eventId and instant, or same device and instant) are skipped and counted as duplicates. An event older than the telemetry horizon (the start of the UTC day 7 days before today) refuses the whole batch with 422 \`BEYOND_TELEMETRY_HORIZON\`, naming the field (\`events[i].at\`) and the oldest instant accepted; nothing is written. The devices' last seen and daily activity follow within moments of the answer. Re-sending a batch is safe without an Idempotency-Key: events count once by their keys. Limited per key by a token bucket (TELEMETRY_RATE_PER_SECOND, 429 with Retry-After).`,
  scope: "write",
  body: telemetryBatchSchema,
  response: {
    status: 200,
    description: "What the batch added.",
    schema: z
      .object({
        received: z.int(),
        accepted: z.int(),
        duplicates: z.int(),
        late: z.int().meta({ description: "Accepted events for days already metered after their late window closed: recorded as corrections." }),
        corrections: z.int(),
        devicesCreated: z.int(),
      })
      .meta({ id: "TelemetryResult" }),
  },
  errors: [400, 404, 422],
  ownRoute: "its hot path validates a 10,000-event batch without the schema (tested to agree with it) and answers a batch's faults",
};
