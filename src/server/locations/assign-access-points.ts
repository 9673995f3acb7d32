import "server-only";
import { conflict, invalid, ruleViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { countLocationAccessPoints, liveLicenceOf, lockLocationInReach } from "./get-location-in-reach";

/**
 * Configures access points (devices of kind ACCESS_POINT of the same account)
 * on a location; their telemetry is the location's connections. More than the
 * live licence's maximum is refused.
 */
export async function assignAccessPoints(db: Db, options: { actor: Actor; locationId: string; deviceIds: string[] }): Promise<number> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { location, account } = await lockLocationInReach(tx, actor, options.locationId);
    assertCan(actor, "account:manage", account);
    const ids = [...new Set(options.deviceIds)];
    if (ids.length === 0 || ids.some((id) => !isUuid(id))) throw invalid("Choose access points.", { deviceIds: ["Choose at least one access point."] });
    // Only the location's own account's access points: an id from elsewhere is simply not one of them.
    const devices = await tx.device.findMany({ where: { id: { in: ids }, accountId: location.accountId, kind: "ACCESS_POINT" } });
    if (devices.length !== ids.length) throw invalid("Choose access points of this location's account.", { deviceIds: ["Choose access points of this location's account."] });
    const moving = devices.filter((device) => device.locationId !== location.id);
    const licence = await liveLicenceOf(tx, location.id);
    if (licence?.maxAccessPoints != null) {
      const configured = await countLocationAccessPoints(tx, location.id);
      if (configured + moving.length > licence.maxAccessPoints) {
        throw ruleViolation(
          "LICENCE_ACCESS_POINTS_EXCEEDED",
          `The licence allows at most ${licence.maxAccessPoints} access points; ${configured} are configured.`,
        );
      }
    }
    if (moving.length === 0) throw conflict("These access points are already on this location.", "ALREADY_ASSIGNED");
    await tx.device.updateMany({ where: { id: { in: moving.map((device) => device.id) } }, data: { locationId: location.id } });
    await recordAuditEvent(tx, actor, {
      accountId: location.accountId,
      action: "location.access_points_assigned",
      objectType: "location",
      objectId: location.id,
      after: { accessPoints: moving.map((device) => device.externalId) },
    });
    return moving.length;
  });
}
