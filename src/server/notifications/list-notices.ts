import "server-only";
import type { NoticeStatus, Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { SUPERSEDED } from "./create-notice";

export interface NoticeRow {
  id: string;
  accountId: string;
  accountName: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  email: boolean;
  status: NoticeStatus;
  createdAt: Date;
  sentAt: Date | null;
  read: boolean;
}

/** Notices of the account and those below it, as the in-app list shows them (superseded ones never were sent). */
function visibleWhere(path: string) {
  return {
    account: { path: { startsWith: path } },
    // skip_reason is null for most rows: NOT (x = 'SUPERSEDED') alone would drop them (SQL nulls).
    OR: [{ skipReason: null }, { skipReason: { not: SUPERSEDED } }],
  };
}

export async function listNotices(
  db: DbTx,
  options: { actor: Actor; accountId: string; unreadOnly?: boolean; page?: PageRequest; pageSize: number; strictCursor?: boolean },
): Promise<Page<NoticeRow>> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  const userId = options.actor.userId;
  const where = {
    ...visibleWhere(account.path),
    ...(options.unreadOnly && userId ? { reads: { none: { userId } } } : {}),
  };
  const include = {
    account: { select: { name: true } },
    reads: { where: { userId: userId ?? "00000000-0000-0000-0000-000000000000" }, select: { userId: true } },
  } satisfies Prisma.NoticeInclude;
  type Part = KeyPart<Prisma.NoticeGetPayload<{ include: typeof include }>, Prisma.NoticeWhereInput, Prisma.NoticeOrderByWithRelationInput>;
  // Newest first; the id keeps notices of one instant in one order (docs/lists.md#order).
  const parts: Part[] = [field("createdAt", "date", "desc", (n) => n.createdAt), field("id", "uuid", "asc", (n) => n.id)];
  const page = await keysetPage({
    sort: "createdAt.desc",
    parts,
    where,
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize,
    strictCursor: options.strictCursor,
    findMany: (args) => db.notice.findMany({ ...args, include }),
    count: (args) => db.notice.count({ ...args, orderBy: { accountId: "asc" } }),
  });
  return {
    ...page,
    rows: page.rows.map((notice) => ({
      id: notice.id,
      accountId: notice.accountId,
      accountName: notice.account.name,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      link: notice.link,
      email: notice.email,
      status: notice.status,
      createdAt: notice.createdAt,
      sentAt: notice.sentAt,
      read: notice.reads.length > 0,
    })),
  };
}

/** Unread notices for the header badge: the account and below, for this person. */
export async function countUnreadNotices(db: DbTx, options: { actor: Actor; accountPath: string; upTo?: number }): Promise<number> {
  const userId = options.actor.userId;
  if (!userId) return 0;
  // `upTo` stops the count there: the badge on every page says "99+" rather than count a
  // distributor's 12,000 notices each time (docs/notifications.md#unread-badge).
  return db.notice.count({ where: { ...visibleWhere(options.accountPath), reads: { none: { userId } } }, take: options.upTo });
}

/** Marks notices read for the caller: the given ones, or every visible one; only those in reach. */
export async function markNoticesRead(
  db: DbTx,
  options: { actor: Actor; accountId: string; noticeIds?: string[]; now?: Date },
): Promise<number> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  const userId = options.actor.userId;
  if (!userId) return 0;
  const notices = await db.notice.findMany({
    where: { ...visibleWhere(account.path), ...(options.noticeIds ? { id: { in: options.noticeIds } } : {}), reads: { none: { userId } } },
    select: { id: true, accountId: true },
  });
  if (notices.length === 0) return 0;
  const result = await db.noticeRead.createMany({
    data: notices.map((notice) => ({ noticeId: notice.id, accountId: notice.accountId, userId, readAt: options.now ?? new Date() })),
    skipDuplicates: true,
  });
  return result.count;
}
