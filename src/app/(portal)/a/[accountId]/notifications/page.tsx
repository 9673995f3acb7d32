import Link from "next/link";
import { MarkReadForm } from "@/components/notifications/notification-forms";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { formatDateTime } from "@/lib/dates";
import { parseListParams, readStringParam } from "@/lib/list-params";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { countUnreadNotices, listNotices } from "@/server/notifications/list-notices";
import { noun } from "@/lib/plural";

export const metadata = { title: "Notifications" };

const EMAIL_LABEL = { PENDING: "Email queued", SENDING: "Email sending", SENT: "Emailed", FAILED: "Email failed", SKIPPED: "Not emailed", IN_APP: "In-app" } as const;

export default async function NotificationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "account:read");
  const list = parseListParams(search, { sortKeys: ["createdAt"] as const, defaultSort: "createdAt" });
  const unreadOnly = readStringParam(search, "unread") === "1";
  const [page, unread] = await Promise.all([
    listNotices(db, { actor, accountId: account.id, unreadOnly, page: list.page, pageSize: list.pageSize }),
    countUnreadNotices(db, { actor, accountPath: account.path }),
  ]);
  const base = `/a/${account.id}/notifications`;
  return (
    <>
      <PageHeader
        title="Notifications"
        description={`${unread} unread · notices of ${account.name} and the accounts below it, also sent by email.`}
        actions={
          <>
            <Link className="text-sm text-brand-700 hover:underline" href={unreadOnly ? base : `${base}?unread=1`}>
              {unreadOnly ? "Show all" : "Show unread only"}
            </Link>
            {unread > 0 && <MarkReadForm accountId={account.id} label="Mark all as read" />}
          </>
        }
      />
      {page.total === 0 ? (
        <EmptyState title={unreadOnly ? "No unread notifications" : "No notifications yet"}>Licence expiry notices and contracts about to expire appear here.</EmptyState>
      ) : (
        <>
          <ul className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            {page.rows.map((notice) => (
              <li key={notice.id} className={notice.read ? "px-4 py-3" : "border-l-4 border-brand-600 px-4 py-3"}>
                <div className="flex flex-wrap items-center gap-2">
                  {!notice.read && <Badge tone="blue">Unread</Badge>}
                  <h2 className="text-sm font-semibold text-slate-900">{notice.link ? <Link className="hover:underline" href={notice.link}>{notice.title}</Link> : notice.title}</h2>
                  <span className="ml-auto text-xs text-slate-500">
                    {notice.accountName} · {formatDateTime(notice.createdAt, account.billingTimezone)} · {EMAIL_LABEL[notice.status]}
                  </span>
                </div>
                <p className="mt-1 text-sm text-slate-700">{notice.body}</p>
                {!notice.read && <MarkReadForm accountId={account.id} noticeId={notice.id} label="Mark as read" />}
              </li>
            ))}
          </ul>
          <Pagination
            basePath={base}
            params={{ unread: unreadOnly ? "1" : undefined, pageSize: String(list.pageSize) }}
            page={page}
            noun={noun("notification")}
          />
        </>
      )}
    </>
  );
}
