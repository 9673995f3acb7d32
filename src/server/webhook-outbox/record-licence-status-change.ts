import "server-only";
import type { LocationLicence, LocationLicenceStatus } from "@/generated/prisma/client";
import { dbDateToIso } from "@/lib/dates";
import type { DbTx } from "@/server/db";
import { recordWebhookEvent } from "./record-webhook-event";

/**
 * `licence.status_changed` for a licence changed by a person (the daily lifecycle writes
 * the same payload in its own SQL): where it was, where it is, its dates, and why.
 */
export async function recordLicenceStatusChange(
  tx: DbTx,
  options: { licence: LocationLicence; from: LocationLicenceStatus | null; why?: string; now?: Date },
): Promise<void> {
  const { licence } = options;
  await recordWebhookEvent(tx, {
    accountId: licence.accountId,
    type: "licence.status_changed",
    data: {
      id: licence.id,
      accountId: licence.accountId,
      locationId: licence.locationId,
      from: options.from,
      to: licence.status,
      startsOn: licence.startsOn ? dbDateToIso(licence.startsOn) : null,
      endsOn: licence.endsOn ? dbDateToIso(licence.endsOn) : null,
      ...(options.why ? { why: options.why } : {}),
    },
    now: options.now,
  });
}
