import "server-only";
import { AppError } from "@/lib/errors";
import { TELEMETRY_HORIZON_DAYS, telemetryHorizon } from "./telemetry-partitions";
import type { TelemetryEventInput } from "./telemetry-input";

export const BEYOND_TELEMETRY_HORIZON = "BEYOND_TELEMETRY_HORIZON";

/**
 * Refuses a batch holding an event older than the telemetry horizon (422, the
 * first such event named by field): its day's dedupe keys may already be
 * dropped, so accepting it could count it twice. The whole batch is refused,
 * as for any bad input: nothing is written. docs/metering.md#bounded-dedupe-storage.
 */
export function assertWithinTelemetryHorizon(events: readonly TelemetryEventInput[], now: Date): void {
  const horizon = telemetryHorizon(now);
  const oldest = horizon.getTime();
  const index = events.findIndex((event) => Date.parse(event.at) < oldest);
  if (index < 0) return;
  const field = `events[${index}].at`;
  const accepted = `events are accepted from ${horizon.toISOString()} on (the start of the UTC day ${TELEMETRY_HORIZON_DAYS} days before today)`;
  throw new AppError(
    "RULE_VIOLATION",
    `${field} (${events[index]!.at}) is older than the telemetry horizon: ${accepted}. The batch was refused; nothing was written.`,
    { reason: BEYOND_TELEMETRY_HORIZON, fieldErrors: { [field]: [`Older than the telemetry horizon: ${accepted}.`] } },
  );
}
