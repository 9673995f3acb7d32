import "server-only";
import type { DeviceKind, Prisma } from "@/generated/prisma/client";
import { toPage, type Page } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
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

const ORDER: Record<DeviceSort, (dir: "asc" | "desc") => Prisma.DeviceOrderByWithRelationInput> = {
  externalId: (dir) => ({ externalId: dir }),
  kind: (dir) => ({ kind: dir }),
  lastSeen: (dir) => ({ lastSeenAt: { sort: dir, nulls: "last" } }),
  account: (dir) => ({ account: { name: dir } }),
};

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
  return { where, orderBy: [ORDER[filters.sort](filters.dir), { id: "asc" as const }] };
}

function toRow(device: Prisma.DeviceGetPayload<{ include: typeof include }>): DeviceRow {
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
  options: { actor: Actor; accountId: string; filters: DeviceFilters; page: number; pageSize: number; now?: Date },
): Promise<Page<DeviceRow>> {
  const query = await deviceQuery(db, options.actor, options.accountId, options.filters, options.now ?? new Date());
  const [total, devices] = await Promise.all([
    db.device.count({ where: query.where }),
    db.device.findMany({ where: query.where, include, orderBy: query.orderBy, skip: (options.page - 1) * options.pageSize, take: options.pageSize }),
  ]);
  return toPage(devices.map(toRow), total, options.page, options.pageSize);
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
