import { z } from "zod";
import { isBoundedInstant, isoInstant, isStorableText, MAX_TEXT_LENGTH, text } from "@/lib/input-schemas";

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
  const limit = now.getTime() + FUTURE_TOLERANCE_MS;
  const wellFormed = wellFormedEvents(body, limit);
  if (wellFormed) return { events: wellFormed };
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
  const faults: BatchFault[] = [];
  parsed.data.events.forEach((event, index) => {
    if (Date.parse(event.at) > limit && faults.length < 100) {
      faults.push({ index, field: "at", message: "The event is more than 5 minutes in the future." });
    }
  });
  return faults.length ? { faults } : { events: parsed.data.events };
}

/*
 * The common case read without the schema: a batch of up to 10,000 events is checked on every
 * request, and the schema's per-field checks cost several times the rest of the request's own
 * work. wellFormedEvents accepts a batch only when every check of eventSchema (and the future
 * limit) passes, applied the same way — the schema's own uuid and timestamp patterns, the same
 * trim and lengths, unknown fields dropped — and returns what the schema would. Anything else,
 * however small, returns null: the schema then decides, and names every fault.
 * tests/unit/metering/telemetry-input.test.ts checks the two agree on valid and broken events.
 */
const UUID = z.regexes.uuid();
const INSTANT = z.regexes.datetime({ offset: true, local: false, precision: null });
const KINDS: ReadonlySet<string> = new Set(DEVICE_KINDS);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** text().trim() with min/max: the trimmed value, or null when the schema would refuse it. */
function trimmedText(value: string, min: number, max: number): string | null {
  if (value.length > MAX_TEXT_LENGTH || !isStorableText(value)) return null;
  const trimmed = value.trim();
  return trimmed.length >= min && trimmed.length <= max ? trimmed : null;
}

function wellFormedEvents(body: unknown, futureLimit: number): TelemetryEventInput[] | null {
  if (!isRecord(body) || !Array.isArray(body.events)) return null;
  const input: unknown[] = body.events;
  if (input.length < 1 || input.length > MAX_EVENTS_PER_BATCH) return null;
  const events: TelemetryEventInput[] = new Array(input.length);
  for (let index = 0; index < input.length; index++) {
    const raw = input[index];
    if (!isRecord(raw)) return null;
    const { eventId, deviceId, accountId, kind, at, firmware } = raw;
    if (typeof deviceId !== "string" || typeof kind !== "string" || typeof at !== "string") return null;
    const device = trimmedText(deviceId, 1, 128);
    if (device === null || !KINDS.has(kind)) return null;
    if (!INSTANT.test(at) || !isBoundedInstant(at) || Date.parse(at) > futureLimit) return null;
    const event: TelemetryEventInput = { deviceId: device, kind: kind as TelemetryEventInput["kind"], at };
    if (eventId !== undefined || "eventId" in raw) {
      const id = typeof eventId === "string" ? trimmedText(eventId, 1, 128) : null;
      if (id === null) return null;
      event.eventId = id;
    }
    if (accountId !== undefined || "accountId" in raw) {
      if (typeof accountId !== "string" || accountId.length > MAX_TEXT_LENGTH || !isStorableText(accountId) || !UUID.test(accountId)) return null;
      event.accountId = accountId;
    }
    if (firmware !== undefined || "firmware" in raw) {
      const version = typeof firmware === "string" ? trimmedText(firmware, 0, 40) : null;
      if (version === null) return null;
      event.firmware = version;
    }
    events[index] = event;
  }
  return events;
}
