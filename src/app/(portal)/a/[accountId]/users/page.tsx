import { AddMemberForm } from "@/components/users/add-member-form";
import { MembersTable } from "@/components/users/members-table";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/dates";
import { ROLE_DESCRIPTION, ROLE_LABEL } from "@/lib/labels";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listAccountMembers } from "@/server/users/list-account-members";

export const metadata = { title: "Users" };

export default async function UsersPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account, can } = await requirePagePermission(accountId, "users:read");
  const members = await listAccountMembers(db, { actor, accountId: account.id });
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
