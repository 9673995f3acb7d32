import "server-only";
import type { LicenceType, Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetOrderBy, keysetPage, relationField, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { gatewayLicenceWhere } from "./gateway-licence-where";
import { effectiveLicenceType } from "./effective-licence-type";
import { getGatewayInReach } from "./get-gateway-in-reach";
import { containsText } from "@/server/db/text-filters";
import { countedRows, once, type CountedRows } from "@/lib/counted-rows";

export const GATEWAY_SORTS = ["name", "account", "plan", "firmware", "lastSeen"] as const;
export type GatewaySort = (typeof GATEWAY_SORTS)[number];

/** A gateway is online when it reported in the last 15 minutes. */
export const ONLINE_WINDOW_MS = 15 * 60_000;

export interface GatewayFilters {
  q?: string;
  licenceType?: LicenceType;
  planId?: string;
  sort: GatewaySort;
  dir: "asc" | "desc";
}

export interface GatewayRow {
  id: string;
  name: string;
  serialNumber: string;
  accountId: string;
  accountName: string;
  planId: string | null;
  planName: string | null;
  firmwareVersion: string;
  lastSeenAt: Date | null;
  status: "ONLINE" | "OFFLINE" | "NEVER_SEEN";
  lockedToPlan: boolean;
  licenceType: LicenceType;
}

const include = {
  account: { select: { name: true } },
  plan: { select: { name: true, licenceType: true } },
} satisfies Prisma.GatewayInclude;

type Loaded = Prisma.GatewayGetPayload<{ include: typeof include }>;
type Part = KeyPart<Loaded, Prisma.GatewayWhereInput, Prisma.GatewayOrderByWithRelationInput>;

/** Each sort's key, ending with the id so ties keep one order (docs/lists.md#order). */
const ORDER: Record<GatewaySort, (dir: "asc" | "desc") => Part[]> = {
  name: (dir) => [field("name", "string", dir, (g) => g.name)],
  account: (dir) => [relationField("account", "name", dir, (g) => g.account.name)],
  // Gateways without a plan sort as PostgreSQL places nulls: after the plans ascending.
  plan: (dir) => [relationField("plan", "name", dir, (g) => g.plan?.name ?? null, { foreignKey: "planId" })],
  firmware: (dir) => [field("firmwareRank", "int", dir, (g) => g.firmwareRank)],
  lastSeen: (dir) => [field("lastSeenAt", "date", dir, (g) => g.lastSeenAt, { nullable: true, nulls: dir === "asc" ? "high" : "low" })],
};

const idPart: Part = field("id", "uuid", "asc", (g) => g.id);

async function gatewayQuery(db: DbTx, actor: Actor, accountId: string, filters: GatewayFilters) {
  const { account } = await getAccountInReach(db, actor, accountId);
  assertCan(actor, "account:read", account);
  const where: Prisma.GatewayWhereInput = {
    AND: [
      { account: { path: { startsWith: account.path } } },
      filters.q
        ? { OR: [{ name: containsText(filters.q) }, { serialNumber: containsText(filters.q) }] }
        : {},
      filters.licenceType ? gatewayLicenceWhere(filters.licenceType) : {},
      filters.planId ? { planId: filters.planId } : {},
    ],
  };
  const parts = [...ORDER[filters.sort](filters.dir), idPart];
  return { where, sort: `${filters.sort}.${filters.dir}`, parts, orderBy: keysetOrderBy(parts) };
}

function toRow(gateway: Loaded, now: Date): GatewayRow {
  return {
    id: gateway.id,
    name: gateway.name,
    serialNumber: gateway.serialNumber,
    accountId: gateway.accountId,
    accountName: gateway.account.name,
    planId: gateway.planId,
    planName: gateway.plan?.name ?? null,
    firmwareVersion: gateway.firmwareVersion,
    lastSeenAt: gateway.lastSeenAt,
    status: !gateway.lastSeenAt
      ? "NEVER_SEEN"
      : now.getTime() - gateway.lastSeenAt.getTime() <= ONLINE_WINDOW_MS
        ? "ONLINE"
        : "OFFLINE",
    lockedToPlan: gateway.lockedToPlan,
    licenceType: effectiveLicenceType({
      lockedToPlan: gateway.lockedToPlan,
      ownLicenceType: gateway.ownLicenceType,
      firmwareVersion: gateway.firmwareVersion,
      planLicenceType: gateway.plan?.licenceType ?? null,
    }),
  };
}

/** The Gateways list: every gateway of the account and the accounts below it. */
export async function listGateways(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: GatewayFilters; page?: PageRequest; pageSize: number; now?: Date; strictCursor?: boolean },
): Promise<Page<GatewayRow>> {
  const query = await gatewayQuery(db, options.actor, options.accountId, options.filters);
  const page = await keysetPage({
    sort: query.sort,
    parts: query.parts,
    where: query.where,
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    findMany: (args) => db.gateway.findMany({ ...args, include }),
    count: (args) => db.gateway.count({ ...args, orderBy: { accountId: "asc" } }),
    strictCursor: options.strictCursor,
  });
  const now = options.now ?? new Date();
  return { ...page, rows: page.rows.map((gateway) => toRow(gateway, now)) };
}

/** One gateway in the caller's reach as a Gateways list row, for API answers. */
export async function getGatewayRow(db: DbTx, options: { actor: Actor; gatewayId: string; now?: Date }): Promise<GatewayRow> {
  const gateway = await getGatewayInReach(db, options.actor, options.gatewayId);
  return toRow(await db.gateway.findUniqueOrThrow({ where: { id: gateway.id }, include }), options.now ?? new Date());
}

/** Every matching gateway in the list's order, in batches, for exports; countable up to a cap (docs/exports.md#export-jobs). */
export function iterateGateways(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: GatewayFilters; batchSize?: number; now?: Date },
): CountedRows<GatewayRow> {
  const query = once(() => gatewayQuery(db, options.actor, options.accountId, options.filters));
  const batchSize = options.batchSize ?? 500;
  const now = options.now ?? new Date();
  async function* rows(): AsyncGenerator<GatewayRow> {
    const { where, orderBy } = await query();
    for (let skip = 0; ; skip += batchSize) {
      const gateways = await db.gateway.findMany({ where, include, orderBy, skip, take: batchSize });
      for (const gateway of gateways) yield toRow(gateway, now);
      if (gateways.length < batchSize) return;
    }
  }
  return countedRows(rows(), async (cap) => db.gateway.count({ where: (await query()).where, take: cap }));
}

/** Gateways by effective licence type below an account (dashboard). */
export async function countGatewaysByLicenceType(db: DbTx, accountPath: string): Promise<Record<LicenceType, number>> {
  const scope = { account: { path: { startsWith: accountPath } } };
  const [payg, total] = await Promise.all([
    db.gateway.count({ where: { AND: [scope, gatewayLicenceWhere("PAYG")] } }),
    db.gateway.count({ where: scope }),
  ]);
  return { PAYG: payg, SUBSCRIPTION: total - payg };
}
