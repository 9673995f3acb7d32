import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { containsText } from "@/server/db/text-filters";

export interface EndUserRow {
  id: string;
  accountId: string;
  name: string;
  email: string | null;
  externalId: string;
  source: string;
  groups: string[];
  /** Names of the packages assigned now (a user covered by two packages shows both). */
  subscriptions: string[];
  pairedDevices: number;
  lastSeenAt: Date | null;
}

const include = {
  groups: { include: { group: { select: { name: true } } } },
  assignments: { where: { unassignedAt: null }, include: { package: { select: { name: true } } } },
  devices: { select: { lastSeenAt: true } },
} satisfies Prisma.EndUserInclude;

type Loaded = Prisma.EndUserGetPayload<{ include: typeof include }>;
type Part = KeyPart<Loaded, Prisma.EndUserWhereInput, Prisma.EndUserOrderByWithRelationInput>;

/** By name; the external id (unique in the account) keeps ties in one order (docs/lists.md#order). */
const END_USER_ORDER: Part[] = [
  field("name", "string", "asc", (u) => u.name),
  field("externalId", "string", "asc", (u) => u.externalId),
  field("id", "uuid", "asc", (u) => u.id),
];

function toRow(user: Loaded): EndUserRow {
  return {
    id: user.id,
    accountId: user.accountId,
    name: user.name,
    email: user.email,
    externalId: user.externalId,
    source: user.source,
    groups: user.groups.map((member) => member.group.name).sort(),
    subscriptions: user.assignments.map((assignment) => assignment.package.name).sort(),
    pairedDevices: user.devices.length,
    // Last activity: the user's own seat or any paired device (what retention counts from).
    lastSeenAt: [user.lastSeenAt, ...user.devices.map((device) => device.lastSeenAt)].reduce<Date | null>(
      (latest, seen) => (seen && (!latest || seen > latest) ? seen : latest),
      null,
    ),
  };
}

/** End users of a customer's tenancy, searchable by name, email or external id. */
export async function listEndUsers(
  db: DbTx,
  options: { actor: Actor; accountId: string; q?: string; page?: PageRequest; pageSize: number; strictCursor?: boolean },
): Promise<Page<EndUserRow>> {
  const { account } = await customerInReach(db, options.actor, options.accountId, { permission: "account:read" });
  const where: Prisma.EndUserWhereInput = {
    accountId: account.id,
    ...(options.q
      ? {
          OR: [
            { name: containsText(options.q) },
            { email: containsText(options.q) },
            { externalId: containsText(options.q) },
          ],
        }
      : {}),
  };
  const page = await keysetPage({
    sort: "name.asc",
    parts: END_USER_ORDER,
    where,
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    findMany: (args) => db.endUser.findMany({ ...args, include }),
    count: (args) => db.endUser.count({ ...args, orderBy: { accountId: "asc" } }),
    strictCursor: options.strictCursor,
  });
  return { ...page, rows: page.rows.map(toRow) };
}

/** One end user of a customer in the caller's reach, by id alone, as a list row (API answers). */
export async function getEndUserRow(db: DbTx, options: { actor: Actor; endUserId: string }): Promise<EndUserRow> {
  if (!isUuid(options.endUserId)) throw notFound("End user");
  const user = await db.endUser.findFirst({ where: { id: options.endUserId, ...reachableTenantWhere(options.actor.grants) }, include });
  if (!user) throw notFound("End user");
  return toRow(user);
}

/** One end user with groups, current subscriptions and paired devices. */
export async function getEndUser(db: DbTx, options: { actor: Actor; accountId: string; endUserId: string }) {
  const { account, role } = await customerInReach(db, options.actor, options.accountId, { permission: "account:read" });
  if (!isUuid(options.endUserId)) throw notFound("End user");
  const user = await db.endUser.findFirst({ where: { id: options.endUserId, accountId: account.id }, include });
  if (!user) throw notFound("End user");
  const devices = await db.device.findMany({
    where: { endUserId: user.id, accountId: account.id },
    select: { id: true, externalId: true, kind: true, lastSeenAt: true },
    orderBy: { externalId: "asc" },
  });
  const groups = user.groups.map((member) => ({ id: member.groupId, name: member.group.name })).sort((a, b) => a.name.localeCompare(b.name));
  return { account, role, user: toRow(user), devices, groups };
}
