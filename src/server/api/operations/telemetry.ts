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
  description: `A batch of 1–${MAX_EVENTS_PER_BATCH.toLocaleString("en-US")} events (up to 4 MiB). A batch with any fault is refused whole (400 with every fault, at most 100); events already received (same eventId, or same device and instant) are skipped and counted as duplicates. The devices' last seen and daily activity follow within moments of the answer.`,
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
  errors: [400, 404],
  ownRoute: "its hot path validates a 10,000-event batch without the schema (tested to agree with it) and answers a batch's faults",
};
