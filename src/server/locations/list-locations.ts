import "server-only";
import type { LocationLicenceStatus, LocationSector, Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { getLocationInReach } from "./get-location-in-reach";
import { containsText } from "@/server/db/text-filters";

export interface LocationRow {
  id: string;
  name: string;
  address: string;
  sector: LocationSector;
  accountId: string;
  organization: string;
  accessPoints: number;
  rooms: number;
  licenceStatus: LocationLicenceStatus | null;
  licenceEndsOn: Date | null;
  /** A renewal sent behind the licence in force, waiting for its start day. */
  renewalStartsOn: Date | null;
}

const listInclude = {
  account: { select: { name: true } },
  _count: { select: { devices: { where: { kind: "ACCESS_POINT" } } } },
  licences: { orderBy: [{ provisionedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }], take: 2, select: { status: true, startsOn: true, endsOn: true } },
} satisfies Prisma.LocationInclude;
type Loaded = Prisma.LocationGetPayload<{ include: typeof listInclude }>;
type Part = KeyPart<Loaded, Prisma.LocationWhereInput, Prisma.LocationOrderByWithRelationInput>;
const LOCATION_ORDER: Part[] = [field("name", "string", "asc", (l) => l.name), field("id", "uuid", "asc", (l) => l.id)];

/** Locations of the account and below, each with its newest licence's status ("License status" filter). */
export async function listLocations(
  db: DbTx,
  options: { actor: Actor; accountId: string; q?: string; sector?: LocationSector; licenceStatus?: LocationLicenceStatus | "NONE"; page?: PageRequest; pageSize: number },
): Promise<Page<LocationRow>> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  const where: Prisma.LocationWhereInput = {
    AND: [
      { account: { path: { startsWith: account.path } } },
      options.q
        ? { OR: [{ name: containsText(options.q) }, { address: containsText(options.q) }] }
        : {},
      options.sector ? { sector: options.sector } : {},
      options.licenceStatus === "NONE" ? { licences: { none: {} } } : options.licenceStatus ? { licences: { some: { status: options.licenceStatus } } } : {},
    ],
  };
  const page = await keysetPage({
    sort: "name.asc",
    parts: LOCATION_ORDER,
    where,
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    findMany: (args) => db.location.findMany({ ...args, include: listInclude }),
    count: (args) => db.location.count({ ...args, orderBy: { accountId: "asc" } }),
  });
  return {
    ...page,
    rows: page.rows.map((location) => ({
      ...licenceInForce(location.licences),
      id: location.id,
      name: location.name,
      address: location.address,
      sector: location.sector,
      accountId: location.accountId,
      organization: location.account.name,
      accessPoints: location._count.devices,
      rooms: location.rooms,
    })),
  };
}

/** A location's page: its data, access points, the account's unassigned access points and its licences. */
export async function getLocationDetail(db: DbTx, options: { actor: Actor; locationId: string }) {
  const { location, account, role } = await getLocationInReach(db, options.actor, options.locationId);
  const [accessPoints, unassigned, licences] = await Promise.all([
    db.device.findMany({ where: { locationId: location.id, kind: "ACCESS_POINT" }, orderBy: { externalId: "asc" } }),
    db.device.findMany({ where: { accountId: location.accountId, kind: "ACCESS_POINT", locationId: null }, orderBy: { externalId: "asc" }, take: 200 }),
    db.locationLicence.findMany({ where: { locationId: location.id }, orderBy: [{ createdAt: "desc" }] }),
  ]);
  return { location, account, role, accessPoints, unassigned, licences };
}

type ListedLicence = { status: LocationLicenceStatus; startsOn: Date | null; endsOn: Date | null };

/**
 * What the list shows of a location's licences: the newest one, except that a
 * renewal waiting for its start day (docs/screens.md, "Licence renewals") does
 * not hide the licence still in force; it is named beside it instead.
 */
function licenceInForce([newest, previous]: ListedLicence[]): Pick<LocationRow, "licenceStatus" | "licenceEndsOn" | "renewalStartsOn"> {
  const queuedRenewal = newest?.status === "PENDING_START" && newest.startsOn !== null;
  if (queuedRenewal && previous && (previous.status === "IN_USE" || previous.status === "ACCESS_DENIED")) {
    return { licenceStatus: previous.status, licenceEndsOn: previous.endsOn, renewalStartsOn: newest.startsOn };
  }
  return { licenceStatus: newest?.status ?? null, licenceEndsOn: newest?.endsOn ?? null, renewalStartsOn: null };
}
