import "server-only";
import { LocationLicenceStatus, type Prisma } from "@/generated/prisma/client";
import { isoDateToDb } from "@/lib/dates";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetOrderBy, keysetPage, relationField, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { containsText } from "@/server/db/text-filters";
import { countedRows, once, type CountedRows } from "@/lib/counted-rows";

export const LICENCE_SORTS = ["key", "organization", "status", "startsOn", "endsOn"] as const;
export type LicenceSort = (typeof LICENCE_SORTS)[number];

export interface LicenceFilters {
  /** Licence key, organisation or location. */
  q?: string;
  status?: LocationLicenceStatus;
  module?: string;
  /** Licences of access points or of rooms (hospitality). */
  unit?: "ACCESS_POINTS" | "ROOMS";
  /** End-date range, inclusive local days (yyyy-MM-dd). */
  endFrom?: string;
  endTo?: string;
  sort: LicenceSort;
  dir: "asc" | "desc";
}

export interface LicenceRow {
  id: string;
  key: string;
  accountId: string;
  organization: string;
  locationName: string;
  modules: string[];
  maxAccessPoints: number | null;
  maxRooms: number | null;
  status: LocationLicenceStatus;
  startsOn: Date | null;
  endsOn: Date | null;
}

const include = { account: { select: { name: true } }, location: { select: { name: true } } } satisfies Prisma.LocationLicenceInclude;

type Loaded = Prisma.LocationLicenceGetPayload<{ include: typeof include }>;
type Part = KeyPart<Loaded, Prisma.LocationLicenceWhereInput, Prisma.LocationLicenceOrderByWithRelationInput>;
/** Empty dates last in both directions. */
const lastNulls = (dir: "asc" | "desc") => ({ nullable: true, nulls: dir === "asc" ? ("high" as const) : ("low" as const) });

/** Each sort's key, ending with the id so ties keep one order (docs/lists.md#order). */
const ORDER: Record<LicenceSort, (dir: "asc" | "desc") => Part[]> = {
  key: (dir) => [field("key", "string", dir, (l) => l.key)],
  organization: (dir) => [relationField("account", "name", dir, (l) => l.account.name)],
  status: (dir) => [field("status", { enum: Object.values(LocationLicenceStatus) }, dir, (l) => l.status)],
  startsOn: (dir) => [field("startsOn", "date", dir, (l) => l.startsOn, lastNulls(dir))],
  endsOn: (dir) => [field("endsOn", "date", dir, (l) => l.endsOn, lastNulls(dir))],
};

const idPart: Part = field("id", "uuid", "asc", (l) => l.id);

async function licenceQuery(db: DbTx, actor: Actor, accountId: string, filters: LicenceFilters) {
  const { account } = await getAccountInReach(db, actor, accountId);
  assertCan(actor, "account:read", account);
  const where: Prisma.LocationLicenceWhereInput = {
    AND: [
      { account: { path: { startsWith: account.path } } },
      filters.q
        ? {
            OR: [
              { key: containsText(filters.q) },
              { account: { name: containsText(filters.q) } },
              { location: { name: containsText(filters.q) } },
            ],
          }
        : {},
      filters.status ? { status: filters.status } : {},
      filters.module ? { modules: { has: filters.module } } : {},
      filters.unit === "ROOMS" ? { maxRooms: { not: null } } : filters.unit === "ACCESS_POINTS" ? { maxAccessPoints: { not: null } } : {},
      filters.endFrom ? { endsOn: { gte: isoDateToDb(filters.endFrom) } } : {},
      filters.endTo ? { endsOn: { lte: isoDateToDb(filters.endTo) } } : {},
    ],
  };
  const parts = [...ORDER[filters.sort](filters.dir), idPart];
  return { where, sort: `${filters.sort}.${filters.dir}`, parts, orderBy: keysetOrderBy(parts) };
}

function toRow(licence: Loaded): LicenceRow {
  return {
    id: licence.id,
    key: licence.key,
    accountId: licence.accountId,
    organization: licence.account.name,
    locationName: licence.location.name,
    modules: licence.modules,
    maxAccessPoints: licence.maxAccessPoints,
    maxRooms: licence.maxRooms,
    status: licence.status,
    startsOn: licence.startsOn,
    endsOn: licence.endsOn,
  };
}

/** The Licenses list: every location licence of the account and the accounts below it. */
export async function listLicences(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: LicenceFilters; page?: PageRequest; pageSize: number; strictCursor?: boolean },
): Promise<Page<LicenceRow>> {
  const query = await licenceQuery(db, options.actor, options.accountId, options.filters);
  const page = await keysetPage({
    sort: query.sort,
    parts: query.parts,
    where: query.where,
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    strictCursor: options.strictCursor,
    findMany: (args) => db.locationLicence.findMany({ ...args, include }),
    count: (args) => db.locationLicence.count({ ...args, orderBy: { accountId: "asc" } }),
  });
  return { ...page, rows: page.rows.map(toRow) };
}

/** Every matching licence in the list's order, in batches, for exports; countable up to a cap (docs/exports.md#export-jobs). */
export function iterateLicences(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: LicenceFilters; batchSize?: number },
): CountedRows<LicenceRow> {
  const query = once(() => licenceQuery(db, options.actor, options.accountId, options.filters));
  const batchSize = options.batchSize ?? 500;
  async function* rows(): AsyncGenerator<LicenceRow> {
    const { where, orderBy } = await query();
    for (let skip = 0; ; skip += batchSize) {
      const licences = await db.locationLicence.findMany({ where, include, orderBy, skip, take: batchSize });
      for (const licence of licences) yield toRow(licence);
      if (licences.length < batchSize) return;
    }
  }
  return countedRows(rows(), async (cap) => db.locationLicence.count({ where: (await query()).where, take: cap }));
}
