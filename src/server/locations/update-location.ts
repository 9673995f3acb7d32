import "server-only";
import type { Location } from "@/generated/prisma/client";
import { invalid } from "@/lib/errors";
import type { Db } from "@/server/db";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { liveLicenceOf, lockLocationInReach } from "./get-location-in-reach";
import type { LocationInput } from "./location-input";
import { nameTaken, nameTakenOnRace } from "./location-name-taken";

/**
 * Edits a site. Rooms configured above the live licence's maximum are refused
 * (docs/location-licences.md#locations: the licence limits what can be configured), as is changing the
 * sector of a licensed location (its licence counts APs or rooms accordingly).
 */
export async function updateLocation(db: Db, options: { actor: Actor; locationId: string; input: LocationInput }): Promise<Location> {
  const { actor, input } = options;
  return nameTakenOnRace(db.$transaction(async (tx) => {
    const { location, account } = await lockLocationInReach(tx, actor, options.locationId);
    assertCan(actor, "account:manage", account);
    const rooms = input.sector === "HOSPITALITY" ? input.rooms : 0;
    const licence = await liveLicenceOf(tx, location.id);
    if (licence && input.sector !== location.sector && (input.sector === "HOSPITALITY") !== (location.sector === "HOSPITALITY")) {
      throw invalid("Check the highlighted fields.", { sector: ["A licensed location cannot switch between hospitality and other sectors."] });
    }
    if (licence?.maxRooms != null && rooms > licence.maxRooms) {
      throw invalid("Check the highlighted fields.", { rooms: [`The licence allows at most ${licence.maxRooms} rooms.`] }, "LICENCE_ROOMS_EXCEEDED");
    }
    if (input.name !== location.name) {
      const taken = await tx.location.findUnique({ where: { accountId_name: { accountId: location.accountId, name: input.name } } });
      if (taken) throw nameTaken();
    }
    const updated = await tx.location.update({
      where: { id: location.id },
      data: { name: input.name, address: input.address, sector: input.sector, rooms },
    });
    const diff = changedFields(
      { name: location.name, address: location.address, sector: location.sector, rooms: location.rooms },
      { name: updated.name, address: updated.address, sector: updated.sector, rooms: updated.rooms },
    );
    await recordAuditEvent(tx, actor, { accountId: location.accountId, action: "location.updated", objectType: "location", objectId: location.id, ...diff });
    return updated;
  }));
}
