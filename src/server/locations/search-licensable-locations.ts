import "server-only";
import type { LocationSector } from "@/generated/prisma/client";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import { containsText } from "@/server/db/text-filters";

export interface LicensableLocation {
  id: string;
  name: string;
  sector: LocationSector;
  accountName: string;
  /** The partners (MSSPs) the location sits below, within the distributor, nearest first: the request's choices. */
  partners: { id: string; name: string }[];
}

/**
 * Locations a licence may be requested for from the distributor `accountId`
 * (docs/location-licences.md#licence-request): below it and in the caller's reach, whose site
 * or organisation name contains `q` literally (ignoring case), by organisation then site, at
 * most SEARCH_MATCH_LIMIT — the Request license form's "ID Location" (docs/screens.md#async-combobox).
 * Each comes with the only partners the request accepts for it: the MSSPs at or above its
 * organisation, below the distributor. The distributor out of reach → not found.
 */
export async function searchLicensableLocations(db: DbTx, options: { actor: Actor; accountId: string; q: string }): Promise<LicensableLocation[]> {
  const q = searchText(options.q);
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  const reach = reachableAccountWhere(options.actor.grants);
  const locations = await db.location.findMany({
    where: {
      AND: [
        { account: { AND: [{ path: { startsWith: account.path } }, reach] } },
        ...(q ? [{ OR: [{ name: containsText(q) }, { account: { name: containsText(q) } }] }] : []),
      ],
    },
    select: { id: true, name: true, sector: true, account: { select: { name: true, path: true } } },
    orderBy: [{ account: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
  // The accounts above the listed locations are named in their paths: one query finds the partners among them.
  const aboveIds = [...new Set(locations.flatMap((location) => location.account.path.split("/").filter(Boolean)))];
  const partners = aboveIds.length
    ? await db.account.findMany({
        where: { AND: [{ id: { in: aboveIds } }, { kind: "MSSP" }, { path: { startsWith: account.path } }, reach] },
        select: { id: true, name: true, path: true },
      })
    : [];
  return locations.map((location) => ({
    id: location.id,
    name: location.name,
    sector: location.sector,
    accountName: location.account.name,
    partners: partners
      .filter((partner) => location.account.path.startsWith(partner.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((partner) => ({ id: partner.id, name: partner.name })),
  }));
}
