import "server-only";
import type { LocationLicence, LocationLicenceStatus } from "@/generated/prisma/client";
import { isoDateToDb, todayIn } from "@/lib/dates";
import { conflict, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { LICENCE_OBJECT } from "./request-licence";
import { recordLicenceStatusChange } from "@/server/webhook-outbox/record-licence-status-change";

/** The status a licence has from its dates alone, i.e. once a denial is lifted. */
export function statusFromDates(licence: Pick<LocationLicence, "provisionedAt" | "startsOn" | "endsOn">, today: string): LocationLicenceStatus {
  if (!licence.provisionedAt) return "PENDING_PROVISION";
  if (!licence.startsOn || !licence.endsOn) return "PENDING_START";
  return licence.endsOn < isoDateToDb(today) ? "CONTRACT_FINALIZED" : "IN_USE";
}

/** A licence in reach, locked, with the caller's role above its organisation (a denial is decided from above). */
async function lockLicenceFromAbove(tx: DbTx, actor: Actor, licenceId: string) {
  if (!isUuid(licenceId)) throw notFound("Licence");
  const licence = await tx.locationLicence.findFirst({
    where: { AND: [{ id: licenceId }, reachableTenantWhere(actor.grants)] },
    include: { account: true },
  });
  if (!licence) throw notFound("Licence");
  assertCan(actor, "licence-access:change", licence.account);
  await tx.$queryRaw`SELECT id FROM location_licences WHERE id = ${licence.id}::uuid FOR UPDATE`;
  return { licence: await tx.locationLicence.findUniqueOrThrow({ where: { id: licence.id } }), account: licence.account };
}

/**
 * "Access denied" forced for a contractual cause, by an admin of the partner
 * or distributor above the organisation (never by the organisation itself),
 * and lifted by them; both with a reason, both in the licence's history.
 */
export async function denyLicenceAccess(db: Db, options: { actor: Actor; licenceId: string; reason: string; now?: Date }): Promise<LocationLicence> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { licence } = await lockLicenceFromAbove(tx, options.actor, options.licenceId);
    if (licence.status === "ACCESS_DENIED") throw conflict("Access to this licence is already denied.", "ALREADY_DENIED");
    if (licence.status === "CONTRACT_FINALIZED") throw conflict("This licence's contract is finalized: its service is already cut off.", "CONTRACT_FINALIZED");
    const updated = await tx.locationLicence.update({
      where: { id: licence.id },
      data: { status: "ACCESS_DENIED", deniedAt: now, deniedReason: options.reason, updatedAt: now },
    });
    await recordAuditEvent(tx, options.actor, {
      accountId: licence.accountId,
      action: "licence.access_denied",
      objectType: LICENCE_OBJECT,
      objectId: licence.id,
      before: { status: licence.status },
      after: { status: "ACCESS_DENIED", reason: options.reason },
    });
    await recordLicenceStatusChange(tx, { licence: updated, from: licence.status, why: options.reason, now });
    return updated;
  });
}

export async function liftLicenceDenial(db: Db, options: { actor: Actor; licenceId: string; reason: string; now?: Date }): Promise<LocationLicence> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { licence, account } = await lockLicenceFromAbove(tx, options.actor, options.licenceId);
    if (licence.status !== "ACCESS_DENIED") throw conflict("Access to this licence is not denied.", "NOT_DENIED");
    const status = statusFromDates(licence, todayIn(account.billingTimezone, now));
    const updated = await tx.locationLicence.update({
      where: { id: licence.id },
      data: { status, deniedAt: null, deniedReason: null, updatedAt: now },
    });
    await recordAuditEvent(tx, options.actor, {
      accountId: licence.accountId,
      action: "licence.access_restored",
      objectType: LICENCE_OBJECT,
      objectId: licence.id,
      before: { status: "ACCESS_DENIED", deniedReason: licence.deniedReason },
      after: { status, reason: options.reason },
    });
    await recordLicenceStatusChange(tx, { licence: updated, from: "ACCESS_DENIED", why: options.reason, now });
    return updated;
  });
}
