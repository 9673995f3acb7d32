import "server-only";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { can } from "@/server/auth/permissions";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { licenceNoticeSeries } from "./run-location-licence-lifecycle";
import { LICENCE_OBJECT } from "./request-licence";

/**
 * "View license data" (docs/location-licences.md#licences-list): general data with APs and rooms maximum vs
 * in use, modules, upgrades (every update and status change, who and when),
 * the notifications of the licence, and its assignments.
 */
export async function getLicenceData(db: DbTx, options: { actor: Actor; licenceId: string }) {
  if (!isUuid(options.licenceId)) throw notFound("Licence");
  const licence = await db.locationLicence.findFirst({
    where: { AND: [{ id: options.licenceId }, reachableTenantWhere(options.actor.grants)] },
    include: {
      account: true,
      partner: { select: { name: true } },
      distributor: { select: { name: true } },
      location: true,
    },
  });
  if (!licence) throw notFound("Licence");
  const assigned = licence.provisionedAt !== null;
  const [accessPointsInUse, upgrades, notices] = await Promise.all([
    assigned ? db.device.count({ where: { locationId: licence.locationId, kind: "ACCESS_POINT" } }) : Promise.resolve(0),
    db.auditEvent.findMany({
      where: { accountId: licence.accountId, objectType: LICENCE_OBJECT, objectId: licence.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.notice.findMany({
      where: { accountId: licence.accountId, key: { startsWith: `${licenceNoticeSeries(licence.id)}:` } },
      orderBy: [{ createdAt: "asc" }, { key: "asc" }],
    }),
  ]);
  return {
    licence,
    /** The caller may force or lift "Access denied" (an admin above the organisation). */
    canChangeAccess: can(options.actor, "licence-access:change", licence.account),
    inUse: {
      accessPoints: assigned ? accessPointsInUse : 0,
      rooms: assigned && licence.location.sector === "HOSPITALITY" ? licence.location.rooms : 0,
    },
    upgrades,
    notices,
  };
}

export type LicenceData = Awaited<ReturnType<typeof getLicenceData>>;
