import Link from "next/link";
import { AddGroupMember } from "@/components/groups/add-group-member";
import { ActionForm } from "@/components/subscriptions/action-form";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { parseListParams } from "@/lib/list-params";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getGroup } from "@/server/end-users/list-groups";
import { deleteGroupAction } from "@/actions/groups/delete-group";
import { removeGroupMemberAction as removeMemberAction } from "@/actions/groups/remove-group-member";
import { updateGroupAction } from "@/actions/groups/update-group";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "User group" };

export default async function GroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string; groupId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId, groupId } = await params;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  const list = parseListParams(await searchParams, { sortKeys: ["name"] as const, defaultSort: "name", defaultPageSize: 50 });
  // A page of the members: a group of the whole customer holds thousands (docs/lists.md).
  const { group, members: page, subscriptions } = await orNotFound(
    getGroup(db, { actor, accountId: account.id, groupId, page: list.page, pageSize: list.pageSize }),
  );
  const members = page.rows;
  const canManage = can("account:manage");
  const hidden = { accountId: account.id, groupId: group.id };
  return (
    <>
      <PageHeader
        title={group.name}
        description={
          <>
            <Link href={`/a/${account.id}/groups`} className="text-brand-700 underline">User groups</Link> · {formatCount(page.total, noun("member"), page.totalCapped)}
          </>
        }
        actions={canManage ? <ActionForm action={deleteGroupAction} hidden={hidden} submitLabel="Delete group" variant="danger" inline confirm={`Delete ${group.name}? Its members lose the subscriptions it gives them.`} /> : undefined}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="Members">
          {canManage && (
            <div className="mb-4">
              <AddGroupMember accountId={account.id} groupId={group.id} />
            </div>
          )}
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Members of {group.name}</caption>
            <thead className="text-left text-xs font-semibold uppercase text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-2">End user</th>
                <th scope="col" className="px-2 py-2">Subscriptions</th>
                <th scope="col" className="px-2 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.map((member) => (
                <tr key={member.id}>
                  <td className="px-2 py-2">
                    <Link href={`/a/${account.id}/end-users/${member.id}`} className="text-brand-700 underline">{member.name}</Link>{" "}
                    <span className="font-mono text-xs text-slate-500">{member.externalId}</span>
                  </td>
                  <td className="px-2 py-2">
                    <span className="flex flex-wrap gap-1">{member.subscriptions.length ? member.subscriptions.map((name) => <Badge key={name} tone="blue">{name}</Badge>) : "—"}</span>
                  </td>
                  <td className="px-2 py-2 text-right">
                    {canManage && <ActionForm action={removeMemberAction} hidden={{ ...hidden, endUserId: member.id }} submitLabel={`Remove ${member.name}`} rowMenu={`Actions for ${member.name}`} />}
                  </td>
                </tr>
              ))}
              {members.length === 0 && (
                <tr>
                  <td colSpan={3} className="px-2 py-3 text-slate-500">No members yet.</td>
                </tr>
              )}
            </tbody>
          </table>
          {(page.total > members.length || page.notice) && (
            <Pagination basePath={`/a/${account.id}/groups/${group.id}`} params={{ pageSize: String(list.pageSize) }} page={page} noun={noun("member")} />
          )}
        </Card>
        <div className="space-y-6">
          <Card title="Subscriptions attached">
            <p className="mb-2 flex flex-wrap gap-2">
              {subscriptions.length ? subscriptions.map((s) => <Badge key={s.packageId} tone="blue">{s.name}</Badge>) : <span className="text-sm text-slate-500">None</span>}
            </p>
            <Link href={`/a/${account.id}/subscriptions`} className="text-sm font-medium text-brand-700 hover:underline">Manage subscriptions</Link>
          </Card>
          {canManage && (
            <Card title="Edit group">
              <ActionForm
                action={updateGroupAction}
                hidden={hidden}
                submitLabel="Save changes"
                fields={[
                  { kind: "text", name: "name", label: "Name", defaultValue: group.name, required: true },
                  { kind: "text", name: "description", label: "Description", defaultValue: group.description },
                ]}
              />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
