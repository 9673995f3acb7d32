import "server-only";
import type { Location } from "@/generated/prisma/client";
import { conflict, invalid, isUniqueViolation, ruleViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { lockAccountInReach } from "@/server/accounts/get-account-in-reach";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { countLocationAccessPoints, liveLicenceOf, lockLocationInReach } from "./get-location-in-reach";
import type { LocationInput } from "./location-input";

function assertLocationAccountKind(kind: string) {
  if (kind === "DISTRIBUTOR") throw ruleViolation("LOCATION_NOT_FOR_DISTRIBUTOR", "Locations belong to partners and their customers, not to a distributor.");
}

const nameTaken = () => invalid("Check the highlighted fields.", { name: ["This account already has a location with this name."] });

/** A name taken by a concurrent change between the check and the write is the same field error as the check's. */
async function nameTakenOnRace<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** A new site of an account (admins of the account or above). */
export async function createLocation(db: Db, options: { actor: Actor; accountId: string; input: LocationInput }): Promise<Location> {
  const { actor, input } = options;
  return nameTakenOnRace(db.$transaction(async (tx) => {
    const { account } = await lockAccountInReach(tx, actor, options.accountId);
    assertCan(actor, "account:manage", account);
    assertLocationAccountKind(account.kind);
    const taken = await tx.location.findUnique({ where: { accountId_name: { accountId: account.id, name: input.name } } });
    if (taken) throw nameTaken();
    const location = await tx.location.create({
      data: { accountId: account.id, name: input.name, address: input.address, sector: input.sector, rooms: input.sector === "HOSPITALITY" ? input.rooms : 0 },
    });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "location.created",
      objectType: "location",
      objectId: location.id,
      after: { name: location.name, address: location.address, sector: location.sector, rooms: location.rooms },
    });
    return location;
  }));
}

/**
 * Edits a site. Rooms configured above the live licence's maximum are refused
 * (seed 004: the licence limits what can be configured), as is changing the
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
