import "server-only";
import { DeviceKind, type Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, relationField, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { containsText } from "@/server/db/text-filters";
import { countedRows, once, type CountedRows } from "@/lib/counted-rows";

export const DEVICE_SORTS = ["externalId", "kind", "lastSeen", "account"] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

export interface DeviceFilters {
  q?: string;
  kind?: DeviceKind;
  pairing?: "paired" | "standalone";
  /** Only devices silent for at least this many days. */
  silentDays?: number;
  sort: DeviceSort;
  dir: "asc" | "desc";
}

export interface DeviceRow {
  id: string;
  externalId: string;
  name: string | null;
  kind: DeviceKind;
  accountId: string;
  accountName: string;
  endUser: string | null;
  endUserId: string | null;
  gatewayName: string | null;
  registeredBy: string;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
}

type Loaded = Prisma.DeviceGetPayload<{ include: typeof include }>;
type Part = KeyPart<Loaded, Prisma.DeviceWhereInput, Prisma.DeviceOrderByWithRelationInput>;

/** Each sort's key, ending with the id so ties keep one order (docs/lists.md#order). */
const ORDER: Record<DeviceSort, (dir: "asc" | "desc") => Part[]> = {
  externalId: (dir) => [field("externalId", "string", dir, (d) => d.externalId)],
  kind: (dir) => [field("kind", { enum: Object.values(DeviceKind) }, dir, (d) => d.kind)],
  // Most recently seen first, never-seen last; ascending is the exact reverse (never-seen
  // first, as the most silent), so one index serves both directions (docs/lists.md#indexes).
  lastSeen: (dir) => [field("lastSeenAt", "date", dir, (d) => d.lastSeenAt, { nullable: true, nulls: "low" })],
  account: (dir) => [relationField("account", "name", dir, (d) => d.account.name)],
};

/** The id breaks ties in the sort's direction: each order is then one index read forwards or backwards. */
const idPart = (dir: "asc" | "desc"): Part => field("id", "uuid", dir, (d) => d.id);

const include = {
  account: { select: { name: true } },
  endUser: { select: { name: true, externalId: true } },
  gateway: { select: { name: true } },
} satisfies Prisma.DeviceInclude;

async function deviceQuery(db: DbTx, actor: Actor, accountId: string, filters: DeviceFilters, now: Date) {
  const { account } = await getAccountInReach(db, actor, accountId);
  assertCan(actor, "account:read", account);
  const where: Prisma.DeviceWhereInput = {
    AND: [
      { account: { path: { startsWith: account.path } } },
      filters.q
        ? { OR: [{ externalId: containsText(filters.q) }, { name: containsText(filters.q) }] }
        : {},
      filters.kind ? { kind: filters.kind } : {},
      filters.pairing === "paired" ? { endUserId: { not: null } } : filters.pairing === "standalone" ? { endUserId: null } : {},
      filters.silentDays
        ? { OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: new Date(now.getTime() - filters.silentDays * 86_400_000) } }] }
        : {},
    ],
  };
  return { where, sort: `${filters.sort}.${filters.dir}`, parts: [...ORDER[filters.sort](filters.dir), idPart(filters.dir)] };
}

function toRow(device: Loaded): DeviceRow {
  return {
    id: device.id,
    externalId: device.externalId,
    name: device.name,
    kind: device.kind,
    accountId: device.accountId,
    accountName: device.account.name,
    endUser: device.endUser ? device.endUser.name || device.endUser.externalId : null,
    endUserId: device.endUserId,
    gatewayName: device.gateway?.name ?? null,
    registeredBy: device.registeredBy,
    firstSeenAt: device.firstSeenAt,
    lastSeenAt: device.lastSeenAt,
  };
}

/** The Devices page: devices of the account and the accounts below it. */
export async function listDevices(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: DeviceFilters; page?: PageRequest; pageSize: number; now?: Date; strictCursor?: boolean },
): Promise<Page<DeviceRow>> {
  const query = await deviceQuery(db, options.actor, options.accountId, options.filters, options.now ?? new Date());
  const page = await keysetPage({
    ...query,
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    findMany: (args) => db.device.findMany({ ...args, include }),
    count: (args) => db.device.count({ ...args, orderBy: { accountId: "asc" } }),
    strictCursor: options.strictCursor,
  });
  return { ...page, rows: page.rows.map(toRow) };
}

/** One device in the caller's reach as a Devices list row, for API answers. */
export async function getDeviceRow(db: DbTx, options: { actor: Actor; deviceId: string }): Promise<DeviceRow> {
  if (!isUuid(options.deviceId)) throw notFound("Device");
  const device = await db.device.findFirst({ where: { id: options.deviceId, ...reachableTenantWhere(options.actor.grants) }, include });
  if (!device) throw notFound("Device");
  return toRow(device);
}

/** Every matching device for exports, by id in keyset batches; countable up to a cap (docs/exports.md#export-jobs). */
export function iterateDevices(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: DeviceFilters; now?: Date; batchSize?: number },
): CountedRows<DeviceRow> {
  const query = once(() => deviceQuery(db, options.actor, options.accountId, options.filters, options.now ?? new Date()));
  const batchSize = options.batchSize ?? 1000;
  async function* rows(): AsyncGenerator<DeviceRow> {
    const { where } = await query();
    let cursor: string | undefined;
    for (;;) {
      // Keyset by id inside the filter keeps memory flat; exports are ordered by id.
      const devices = await db.device.findMany({
        where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
        include,
        orderBy: { id: "asc" },
        take: batchSize,
      });
      for (const device of devices) yield toRow(device);
      if (devices.length < batchSize) return;
      cursor = devices[devices.length - 1]!.id;
    }
  }
  return countedRows(rows(), async (cap) => db.device.count({ where: (await query()).where, take: cap }));
}
