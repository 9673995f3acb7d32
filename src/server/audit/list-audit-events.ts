import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { isoDateToDb } from "@/lib/dates";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { containsText, equalsText, startsWithText } from "@/server/db/text-filters";

export interface AuditFilters {
  action?: string;
  actor?: string;
  objectType?: string;
  /** yyyy-MM-dd, inclusive, in UTC. */
  from?: string;
  to?: string;
  /** Include events of accounts below this one. */
  includeChildren: boolean;
}

export interface AuditRow {
  id: string;
  createdAt: Date;
  accountId: string;
  accountName: string;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  before: unknown;
  after: unknown;
}

async function auditWhere(
  db: DbTx,
  actor: Actor,
  accountId: string,
  filters: AuditFilters,
): Promise<Prisma.AuditEventWhereInput> {
  const { account } = await getAccountInReach(db, actor, accountId);
  assertCan(actor, "audit:read", account);
  const createdAt: Prisma.DateTimeFilter = {};
  if (filters.from) createdAt.gte = isoDateToDb(filters.from);
  if (filters.to) createdAt.lt = new Date(isoDateToDb(filters.to).getTime() + 86_400_000);
  return {
    ...(filters.includeChildren ? { account: { path: { startsWith: account.path } } } : { accountId: account.id }),
    ...(filters.action ? { action: startsWithText(filters.action) } : {}),
    ...(filters.actor ? { actorLabel: containsText(filters.actor) } : {}),
    ...(filters.objectType ? { objectType: equalsText(filters.objectType) } : {}),
    ...(filters.from || filters.to ? { createdAt } : {}),
  };
}

type Loaded = Prisma.AuditEventGetPayload<{ include: { account: { select: { name: true } } } }>;
type Part = KeyPart<Loaded, Prisma.AuditEventWhereInput, Prisma.AuditEventOrderByWithRelationInput>;

/** Newest first; the id (a sequence) breaks ties between events of one instant. */
const AUDIT_ORDER: Part[] = [
  field("createdAt", "date", "desc", (e) => e.createdAt),
  field("id", "bigint", "desc", (e) => e.id),
];

function toRow(event: Loaded): AuditRow {
  return {
    id: event.id.toString(),
    createdAt: event.createdAt,
    accountId: event.accountId,
    accountName: event.account.name,
    actorLabel: event.actorLabel,
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId,
    before: event.before,
    after: event.after,
  };
}

export async function listAuditEvents(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: AuditFilters; page?: PageRequest; pageSize: number },
): Promise<Page<AuditRow>> {
  const where = await auditWhere(db, options.actor, options.accountId, options.filters);
  const page = await keysetPage({
    sort: "createdAt.desc",
    parts: AUDIT_ORDER,
    where,
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    findMany: (args) => db.auditEvent.findMany({ ...args, include: { account: { select: { name: true } } } }),
    count: (args) => db.auditEvent.count({ ...args, orderBy: { accountId: "asc" } }),
  });
  return { ...page, rows: page.rows.map(toRow) };
}

/**
 * All matching events, newest first, fetched in keyset batches so an export of
 * any size holds one batch in memory at a time.
 */
export async function* iterateAuditEvents(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: AuditFilters; batchSize?: number },
): AsyncGenerator<AuditRow> {
  const where = await auditWhere(db, options.actor, options.accountId, options.filters);
  const batchSize = options.batchSize ?? 1000;
  let cursor: bigint | undefined;
  for (;;) {
    const events = await db.auditEvent.findMany({
      where: cursor === undefined ? where : { AND: [where, { id: { lt: cursor } }] },
      include: { account: { select: { name: true } } },
      orderBy: { id: "desc" },
      take: batchSize,
    });
    for (const event of events) yield toRow(event);
    if (events.length < batchSize) return;
    cursor = events[events.length - 1]!.id;
  }
}
