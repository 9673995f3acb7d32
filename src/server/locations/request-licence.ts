import "server-only";
import type { LocationLicence } from "@/generated/prisma/client";
import { invalid, isUniqueViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import { generateLicenceKey } from "./licence-key";
import { getLocationInReach } from "./get-location-in-reach";
import type { LicenceRequestInput } from "./location-input";
import { recordLicenceStatusChange } from "@/server/webhook-outbox/record-licence-status-change";

/** The audit trail of a licence is its "Upgrades" history: every update and status change. */
export const LICENCE_OBJECT = "location_licence";

/**
 * A distributor generates a licence for a location (docs/location-licences.md#licence-request): an
 * unguessable key, status PENDING_PROVISION. The caller must be an admin of the
 * distributor; the location and the partner must both sit below it, the
 * location below the partner. Everything is checked against the tree on the
 * server: ids from the form are only lookups inside the caller's reach.
 */
export async function requestLicence(db: Db, options: { actor: Actor; input: LicenceRequestInput; now?: Date }): Promise<LocationLicence> {
  const { actor, input } = options;
  const now = options.now ?? new Date();
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const { location, account: organisation } = await getLocationInReach(tx, actor, input.locationId);
        const distributor = await tx.account.findFirst({
          where: { AND: [{ id: input.distributorAccountId, kind: "DISTRIBUTOR" }, reachableAccountWhere(actor.grants)] },
        });
        if (!distributor || !organisation.path.startsWith(distributor.path)) {
          throw invalid("Check the highlighted fields.", { distributorAccountId: ["Choose the distributor this location's partner buys from."] });
        }
        await getAccountInReach(tx, actor, distributor.id);
        // Only the distributor's admins generate licences (account:manage is ADMIN only).
        assertCan(actor, "account:manage", distributor);
        const partner = await tx.account.findFirst({ where: { id: input.partnerAccountId, kind: "MSSP", path: { startsWith: distributor.path } } });
        if (!partner || !organisation.path.startsWith(partner.path)) {
          throw invalid("Check the highlighted fields.", { partnerAccountId: ["Choose the partner/integrator the location belongs to."] });
        }
        const hospitality = location.sector === "HOSPITALITY";
        const licence = await tx.locationLicence.create({
          data: {
            accountId: organisation.id,
            key: generateLicenceKey(),
            locationId: location.id,
            partnerAccountId: partner.id,
            distributorAccountId: distributor.id,
            years: input.years,
            payment: input.payment,
            maxAccessPoints: hospitality ? null : input.units,
            maxRooms: hospitality ? input.units : null,
            modules: input.modules,
            status: "PENDING_PROVISION",
            createdBy: actor.email,
            createdAt: now,
          },
        });
        await recordAuditEvent(tx, actor, {
          accountId: organisation.id,
          action: "licence.generated",
          objectType: LICENCE_OBJECT,
          objectId: licence.id,
          after: {
            status: licence.status,
            location: location.name,
            partner: partner.name,
            distributor: distributor.name,
            years: licence.years,
            payment: licence.payment,
            ...(hospitality ? { rooms: licence.maxRooms } : { accessPoints: licence.maxAccessPoints }),
            modules: licence.modules,
          },
        });
        await recordLicenceStatusChange(tx, { licence, from: null, why: "licence requested", now });
        return licence;
      });
    } catch (error) {
      // A key collision (2^-125) is retried with a new key; anything else is the caller's to see.
      if (attempt < 2 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
