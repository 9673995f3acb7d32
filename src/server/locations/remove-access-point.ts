import "server-only";
import { invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { lockLocationInReach } from "./get-location-in-reach";

export async function removeAccessPoint(db: Db, options: { actor: Actor; locationId: string; deviceId: string }): Promise<void> {
  const { actor } = options;
  await db.$transaction(async (tx) => {
    const { location, account } = await lockLocationInReach(tx, actor, options.locationId);
    assertCan(actor, "account:manage", account);
    const device = isUuid(options.deviceId) ? await tx.device.findFirst({ where: { id: options.deviceId, locationId: location.id } }) : null;
    if (!device) throw invalid("That access point is not on this location.", { deviceId: ["Choose an access point of this location."] });
    await tx.device.update({ where: { id: device.id }, data: { locationId: null } });
    await recordAuditEvent(tx, actor, {
      accountId: location.accountId,
      action: "location.access_point_removed",
      objectType: "location",
      objectId: location.id,
      before: { accessPoint: device.externalId },
    });
  });
}
