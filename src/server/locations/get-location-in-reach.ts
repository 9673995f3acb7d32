import "server-only";
import type { Location, LocationLicence } from "@/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { getAccountInReach, type AccountInReach } from "@/server/accounts/get-account-in-reach";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";

/** Licence statuses during which a location's licence limits apply. */
export const LIVE_LICENCE_STATUSES = ["PENDING_START", "IN_USE", "ACCESS_DENIED"] as const satisfies LocationLicence["status"][];

/** A location in the caller's reach (reach inside the query), with the caller's role on its account. */
export async function getLocationInReach(db: DbTx, actor: Actor, locationId: string): Promise<{ location: Location } & AccountInReach> {
  if (!isUuid(locationId)) throw notFound("Location");
  const location = await db.location.findFirst({ where: { AND: [{ id: locationId }, reachableTenantWhere(actor.grants)] } });
  if (!location) throw notFound("Location");
  return { location, ...(await getAccountInReach(db, actor, location.accountId)) };
}

/**
 * Same, locking the location row so configuration changes and activations on
 * it queue. The location returned is read after the lock: a change committed
 * while this waited (e.g. its rooms) is what the caller checks against.
 */
export async function lockLocationInReach(db: DbTx, actor: Actor, locationId: string) {
  const found = await getLocationInReach(db, actor, locationId);
  await db.$queryRaw`SELECT id FROM locations WHERE id = ${found.location.id}::uuid FOR UPDATE`;
  const location = await db.location.findUniqueOrThrow({ where: { id: found.location.id } });
  return { ...found, location };
}

/**
 * A renewal waiting for the running licence to end: its key was sent while another licence was in
 * use, so its dates are fixed already (docs/screens.md, "Licence renewals") and it starts by date,
 * not by connections.
 */
export function isQueuedRenewal(licence: Pick<LocationLicence, "status" | "startsOn">): boolean {
  return licence.status === "PENDING_START" && licence.startsOn !== null;
}

/** The licence that currently governs a location (provisioned and not finalized, not a queued renewal), if any. */
export function liveLicenceOf(db: DbTx, locationId: string) {
  return db.locationLicence.findFirst({
    where: {
      locationId,
      status: { in: [...LIVE_LICENCE_STATUSES] },
      NOT: { status: "PENDING_START", startsOn: { not: null } },
    },
    orderBy: { provisionedAt: "desc" },
  });
}

/** The renewal queued behind a location's running licence, if any. */
export function queuedRenewalOf(db: DbTx, locationId: string) {
  return db.locationLicence.findFirst({ where: { locationId, status: "PENDING_START", startsOn: { not: null } } });
}

/** Access points configured on a location. */
export function countLocationAccessPoints(db: DbTx, locationId: string) {
  return db.device.count({ where: { locationId, kind: "ACCESS_POINT" } });
}

