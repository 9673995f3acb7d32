import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/subscriptions/action-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listGroups } from "@/server/end-users/list-groups";
import { createGroupAction } from "@/actions/groups/create-group";

export const metadata = { title: "User groups" };

export default async function GroupsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  if (account.kind !== "CUSTOMER") notFound();
  const groups = await listGroups(db, { actor, accountId: account.id });
  return (
    <>
      <PageHeader
        title="User groups"
        description="Subscriptions attached to a group are assigned to every member, and to anyone who joins later."
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,1fr)]">
        <div>
          {groups.length === 0 ? (
            <EmptyState title="No user groups yet">Create a group, add end users, then attach a subscription to it.</EmptyState>
          ) : (
            <div className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">User groups</caption>
                <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="px-3 py-2">Group</th>
                    <th scope="col" className="px-3 py-2">Description</th>
                    <th scope="col" className="px-3 py-2">Members</th>
                    <th scope="col" className="px-3 py-2">Subscriptions</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {groups.map((group) => (
                    <tr key={group.id}>
                      <td className="px-3 py-2">
                        <Link href={`/a/${account.id}/groups/${group.id}`} className="font-medium text-brand-700 hover:underline">{group.name}</Link>
                      </td>
                      <td className="px-3 py-2">{group.description || "—"}</td>
                      <td className="px-3 py-2">{group.members}</td>
                      <td className="px-3 py-2">
                        <span className="flex flex-wrap gap-1">
                          {group.subscriptions.length ? group.subscriptions.map((s) => <Badge key={s.packageId} tone="blue">{s.name}</Badge>) : "—"}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        {can("account:manage") && (
          <Card title="Create a group">
            <ActionForm
              action={createGroupAction}
              hidden={{ accountId: account.id }}
              submitLabel="Create group"
              fields={[
                { kind: "text", name: "name", label: "Name", required: true },
                { kind: "text", name: "description", label: "Description" },
              ]}
            />
          </Card>
        )}
      </div>
    </>
  );
}
