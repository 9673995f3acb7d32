import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { toPage, type Page } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { containsText } from "@/server/db/text-filters";

export interface EndUserRow {
  id: string;
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

function toRow(user: Loaded): EndUserRow {
  return {
    id: user.id,
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
  options: { actor: Actor; accountId: string; q?: string; page: number; pageSize: number },
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
  const [total, users] = await Promise.all([
    db.endUser.count({ where }),
    db.endUser.findMany({
      where,
      include,
      orderBy: [{ name: "asc" }, { externalId: "asc" }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    }),
  ]);
  return toPage(users.map(toRow), total, options.page, options.pageSize);
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
  return { account, role, user: toRow(user), devices, groupIds: user.groups.map((member) => member.groupId) };
}
