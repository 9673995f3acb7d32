import "server-only";
import type { LocationLicence } from "@/generated/prisma/client";
import { AppError, conflict, ruleViolation } from "@/lib/errors";
import { addDaysIso, addMonthsIso, dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import { CONNECTIONS_TO_START } from "@/lib/labels";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { normaliseLicenceKey } from "./licence-key";
import { countLocationAccessPoints, getLocationInReach, liveLicenceOf, lockLocationInReach, queuedRenewalOf } from "./get-location-in-reach";
import { LICENCE_OBJECT } from "./request-licence";
import { recordLicenceStatusChange } from "@/server/webhook-outbox/record-licence-status-change";

/** Wrong keys allowed per window, per person and per account, before "Send Key" slows down. */
export const KEY_ATTEMPT_WINDOW_MS = 15 * 60_000;
export const MAX_FAILED_KEYS_PER_USER = 5;
export const MAX_FAILED_KEYS_PER_ACCOUNT = 10;

/** One answer for a key that does not exist and a key of someone else's: nothing about other tenants leaks. */
export const UNKNOWN_KEY_MESSAGE = "No licence with this key is available to this location. Check the key on the licence PDF.";

/**
 * Refuses when too many wrong keys were tried lately by this person or on this
 * account, and says when to try again. Guessing a 125-bit key is hopeless
 * anyway; this keeps it from being tried at machine speed.
 */
async function assertNotThrottled(db: Db, options: { actor: Actor; accountId: string; now: Date }) {
  const since = new Date(options.now.getTime() - KEY_ATTEMPT_WINDOW_MS);
  const recentFailures = (where: object) =>
    db.licenceKeyAttempt.findMany({ where: { ...where, succeeded: false, createdAt: { gt: since } }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  const [byUser, byAccount] = await Promise.all([
    options.actor.userId ? recentFailures({ userId: options.actor.userId }) : Promise.resolve([]),
    recentFailures({ accountId: options.accountId }),
  ]);
  const blockedBy = byUser.length >= MAX_FAILED_KEYS_PER_USER ? byUser : byAccount.length >= MAX_FAILED_KEYS_PER_ACCOUNT ? byAccount : null;
  if (!blockedBy) return;
  // Free again once enough of the failures have left the window.
  const limit = blockedBy === byUser ? MAX_FAILED_KEYS_PER_USER : MAX_FAILED_KEYS_PER_ACCOUNT;
  const freedAt = blockedBy[blockedBy.length - limit]!.createdAt.getTime() + KEY_ATTEMPT_WINDOW_MS;
  const minutes = Math.max(1, Math.ceil((freedAt - options.now.getTime()) / 60_000));
  throw new AppError("RATE_LIMITED", `Too many wrong licence keys. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    reason: "TOO_MANY_KEY_ATTEMPTS",
    fieldErrors: { key: [`Too many wrong licence keys. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`] },
  });
}

/**
 * When the location already has a licence, the new key is a renewal (docs/screens.md, "Licence
 * renewals"): it is accepted only behind a licence in use, whose end date is known, and starts the
 * day after that one ends, for its own number of years. Anything else keeps the location's one licence.
 */
async function renewalDates(tx: DbTx, locationId: string, years: number): Promise<{ renews: string; startsOn: string; endsOn: string } | null> {
  const live = await liveLicenceOf(tx, locationId);
  if (!live) return null;
  if (live.status !== "IN_USE" || !live.endsOn) {
    throw conflict(
      `This location already has a licence (${live.key}) that is not in use yet: a renewal can be sent once it has started.`,
      "LOCATION_ALREADY_LICENSED",
    );
  }
  const queued = await queuedRenewalOf(tx, locationId);
  if (queued) throw conflict(`A renewal (${queued.key}) is already waiting for this location's licence to end.`, "RENEWAL_ALREADY_QUEUED");
  const startsOn = addDaysIso(dbDateToIso(live.endsOn), 1);
  // Same term rule as a licence that starts by connections: it ends `years` after it starts.
  return { renews: live.key, startsOn, endsOn: addMonthsIso(startsOn, 12 * years) };
}

const keyError = (message: string, reason: string, code: "INVALID" | "CONFLICT" | "RULE_VIOLATION" = "INVALID") =>
  new AppError(code, message, { reason, fieldErrors: { key: [message] } });

/**
 * "License" → licence number → "Send Key" on a location (docs/location-licences.md#send-key): the
 * licence becomes PENDING_START and starts counting at the location's 5th
 * connection. Wrong, used and out-of-reach keys are refused — a key of another
 * tenant exactly like one that does not exist — and every refusal counts
 * towards the throttle. A key sent while another licence is in use is a
 * renewal that starts the day after the current one ends (renewalDates).
 */
export async function activateLicence(
  db: Db,
  options: { actor: Actor; locationId: string; key: string; now?: Date },
): Promise<LocationLicence> {
  const { actor } = options;
  const now = options.now ?? new Date();
  const { location, account } = await getLocationInReach(db, actor, options.locationId);
  assertCan(actor, "account:manage", account);
  await assertNotThrottled(db, { actor, accountId: location.accountId, now });

  const record = (succeeded: boolean) =>
    db.licenceKeyAttempt.create({ data: { accountId: location.accountId, userId: actor.userId, succeeded, createdAt: now } });

  try {
    const key = normaliseLicenceKey(options.key);
    if (!key) throw keyError("Enter the 25-character licence key, e.g. 7KQ2M-XW9TD-0B4RN-C8VJH-3PZ5E.", "MALFORMED_KEY");
    const licence = await db.$transaction(async (tx) => {
      // The limits are checked against the location as locked, not as read before the transaction.
      const { account, location: locked } = await lockLocationInReach(tx, actor, location.id);
      const found = await tx.locationLicence.findFirst({
        where: { AND: [{ key }, reachableTenantWhere(actor.grants)] },
        include: { location: { select: { name: true } } },
      });
      if (!found) throw keyError(UNKNOWN_KEY_MESSAGE, "UNKNOWN_KEY");
      await tx.$queryRaw`SELECT id FROM location_licences WHERE id = ${found.id}::uuid FOR UPDATE`;
      const current = await tx.locationLicence.findUniqueOrThrow({ where: { id: found.id } });
      if (current.status !== "PENDING_PROVISION") throw keyError("This licence key has already been used.", "KEY_ALREADY_USED", "CONFLICT");
      if (current.locationId !== location.id) {
        throw keyError(`This licence key was issued for the location ${found.location.name}.`, "KEY_FOR_OTHER_LOCATION", "RULE_VIOLATION");
      }
      const renewal = await renewalDates(tx, location.id, current.years);
      if (current.maxAccessPoints != null) {
        const configured = await countLocationAccessPoints(tx, location.id);
        if (configured > current.maxAccessPoints) {
          throw ruleViolation(
            "LICENCE_ACCESS_POINTS_EXCEEDED",
            `${configured} access points are configured on this location; the licence allows at most ${current.maxAccessPoints}.`,
          );
        }
      }
      if (current.maxRooms != null && locked.rooms > current.maxRooms) {
        throw ruleViolation("LICENCE_ROOMS_EXCEEDED", `${locked.rooms} rooms are configured on this location; the licence allows at most ${current.maxRooms}.`);
      }
      const provisionedOn = todayIn(account.billingTimezone, now);
      const updated = await tx.locationLicence.update({
        where: { id: current.id },
        data: {
          status: "PENDING_START",
          provisionedAt: now,
          provisionedOn: isoDateToDb(provisionedOn),
          ...(renewal && { startsOn: isoDateToDb(renewal.startsOn), endsOn: isoDateToDb(renewal.endsOn) }),
          updatedAt: now,
        },
      });
      await recordAuditEvent(tx, actor, {
        accountId: current.accountId,
        action: "licence.provisioned",
        objectType: LICENCE_OBJECT,
        objectId: current.id,
        before: { status: current.status },
        after: renewal
          ? { status: updated.status, location: locked.name, provisionedOn, renews: renewal.renews, startsOn: renewal.startsOn, endsOn: renewal.endsOn }
          : { status: updated.status, location: locked.name, provisionedOn, startsAt: `${CONNECTIONS_TO_START} connections` },
      });
      await recordLicenceStatusChange(tx, { licence: updated, from: current.status, why: "licence key entered", now });
      return updated;
    });
    await record(true);
    return licence;
  } catch (error) {
    if (error instanceof AppError) await record(false);
    throw error;
  }
}

