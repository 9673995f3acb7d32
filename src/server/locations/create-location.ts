import "server-only";
import type { Location } from "@/generated/prisma/client";
import { ruleViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { lockAccountInReach } from "@/server/accounts/get-account-in-reach";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import type { LocationInput } from "./location-input";
import { nameTaken, nameTakenOnRace } from "./location-name-taken";

function assertLocationAccountKind(kind: string) {
  if (kind === "DISTRIBUTOR") throw ruleViolation("LOCATION_NOT_FOR_DISTRIBUTOR", "Locations belong to partners and their customers, not to a distributor.");
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
