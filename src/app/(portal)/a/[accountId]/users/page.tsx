import { AddMemberForm } from "@/components/users/add-member-form";
import { MembersTable } from "@/components/users/members-table";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/dates";
import { ROLE_DESCRIPTION, ROLE_LABEL } from "@/lib/labels";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listAccountMembers } from "@/server/users/list-account-members";
import { Pagination } from "@/components/ui/pagination";
import { parseListParams } from "@/lib/list-params";
import { noun } from "@/lib/plural";

export const metadata = { title: "Users" };

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const { actor, account, can } = await requirePagePermission(accountId, "users:read");
  const list = parseListParams(await searchParams, { sortKeys: ["name"] as const, defaultSort: "name", defaultPageSize: 50 });
  const page = await listAccountMembers(db, { actor, accountId: account.id, page: list.page, pageSize: list.pageSize });
  const members = page.rows;
  const canManage = can("users:manage");
  return (
    <>
      <PageHeader title="Users" description={`People with access to ${account.name} and every account below it.`} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <MembersTable
          accountId={account.id}
          canManage={canManage}
          currentUserId={actor.userId ?? ""}
          rows={members.map((member) => ({
            ...member,
            lastSignInAt: member.lastSignInAt ? formatDateTime(member.lastSignInAt) : "Never",
            addedAt: formatDateTime(member.addedAt),
          }))}
          pager={<Pagination basePath={`/a/${account.id}/users`} params={{ pageSize: String(list.pageSize) }} page={page} noun={noun("user")} />}
        />
        <div className="space-y-6">
          {canManage && (
            <Card title="Add a user">
              <AddMemberForm accountId={account.id} />
            </Card>
          )}
          <Card title="Roles">
            <dl className="space-y-2 text-sm">
              {(["ADMIN", "VIEWER", "BILLING"] as const).map((role) => (
                <div key={role}>
                  <dt className="font-medium">{ROLE_LABEL[role]}</dt>
                  <dd className="text-slate-600">{ROLE_DESCRIPTION[role]}</dd>
                </div>
              ))}
            </dl>
          </Card>
        </div>
      </div>
    </>
  );
}
