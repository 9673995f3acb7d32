import { z } from "zod";
import { isoInstant, text } from "@/lib/input-schemas";

export const MAX_EVENTS_PER_BATCH = 10_000;
/** Events stamped further ahead than this are refused (clock skew allowance). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Body limit of POST /api/v1/telemetry: 10,000 events of ~200 bytes with room to spare. */
export const TELEMETRY_BODY_LIMIT = 4 * 1024 * 1024;

export const DEVICE_KINDS = ["GATEWAY", "ENDPOINT", "USER_SEAT", "ACCESS_POINT"] as const;

const eventSchema = z.object({
  eventId: text().trim().min(1).max(128).optional(),
  deviceId: text({ error: "deviceId is required." }).trim().min(1, "deviceId is required.").max(128),
  accountId: text().uuid("accountId must be an account id (uuid).").optional(),
  kind: z.enum(DEVICE_KINDS, { error: `kind must be one of ${DEVICE_KINDS.join(", ")}.` }),
  at: isoInstant("at must be an ISO 8601 timestamp with a timezone."),
  firmware: text().trim().max(40).optional(),
});

export const telemetryBatchSchema = z.object({
  events: z
    .array(eventSchema)
    .min(1, "Send at least one event.")
    .max(MAX_EVENTS_PER_BATCH, `Send at most ${MAX_EVENTS_PER_BATCH} events per batch.`),
});

export type TelemetryEventInput = z.infer<typeof eventSchema>;

export interface BatchFault {
  index: number;
  field: string;
  message: string;
}

/**
 * Validates a whole batch; any fault refuses all of it (nothing half-written).
 * Future events count as faults too.
 */
export function validateTelemetryBatch(body: unknown, now: Date): { events: TelemetryEventInput[] } | { faults: BatchFault[] } {
  const parsed = telemetryBatchSchema.safeParse(body);
  if (!parsed.success) {
    return {
      faults: parsed.error.issues.slice(0, 100).map((issue) => ({
        index: typeof issue.path[1] === "number" ? issue.path[1] : -1,
        field: issue.path.slice(issue.path[0] === "events" && typeof issue.path[1] === "number" ? 2 : 0).join(".") || "events",
        message: issue.message,
      })),
    };
  }
  const limit = now.getTime() + FUTURE_TOLERANCE_MS;
  const faults: BatchFault[] = [];
  parsed.data.events.forEach((event, index) => {
    if (Date.parse(event.at) > limit && faults.length < 100) {
      faults.push({ index, field: "at", message: "The event is more than 5 minutes in the future." });
    }
  });
  return faults.length ? { faults } : { events: parsed.data.events };
}
