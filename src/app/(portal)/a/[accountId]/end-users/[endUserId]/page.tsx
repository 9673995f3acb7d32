import Link from "next/link";
import { ActionForm } from "@/components/subscriptions/action-form";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/dates";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getEndUser } from "@/server/end-users/list-end-users";
import { DEVICE_KIND_LABEL } from "@/lib/labels";
import { joinGroupAction } from "@/actions/end-users/join-group";
import { leaveGroupAction } from "@/actions/end-users/leave-group";
import { updateEndUserAction } from "@/actions/end-users/update-end-user";

export const metadata = { title: "End user" };

export default async function EndUserPage({ params }: { params: Promise<{ accountId: string; endUserId: string }> }) {
  const { accountId, endUserId } = await params;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  const { user, devices, groups } = await orNotFound(getEndUser(db, { actor, accountId: account.id, endUserId }));
  const canManage = can("account:manage");
  const hidden = { accountId: account.id, endUserId: user.id };
  return (
    <>
      <PageHeader
        title={user.name}
        description={
          <>
            <Link href={`/a/${account.id}/end-users`} className="text-brand-700 underline">End users</Link> · {user.externalId}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title="Details">
          {canManage ? (
            <ActionForm
              action={updateEndUserAction}
              hidden={hidden}
              submitLabel="Save changes"
              fields={[
                { kind: "text", name: "name", label: "Name", defaultValue: user.name, required: true },
                { kind: "email", name: "email", label: "Email", defaultValue: user.email ?? "" },
                { kind: "text", name: "externalId", label: "External id", defaultValue: user.externalId, required: true },
              ]}
            />
          ) : (
            <dl className="text-sm">
              <dt className="font-medium">Email</dt>
              <dd>{user.email ?? "—"}</dd>
            </dl>
          )}
        </Card>
        <Card title="Subscriptions">
          <p className="mb-2 text-sm text-slate-600">Assigned through the user&apos;s groups.</p>
          <p className="flex flex-wrap gap-2" data-testid="end-user-subscriptions">
            {user.subscriptions.length ? user.subscriptions.map((name) => <Badge key={name} tone="blue">{name}</Badge>) : <span className="text-sm text-slate-500">None</span>}
          </p>
        </Card>
        <Card title="Groups">
          <ul className="mb-4 divide-y divide-slate-100 text-sm">
            {groups.map((group) => (
              <li key={group.id} className="flex items-center justify-between gap-3 py-2">
                <Link href={`/a/${account.id}/groups/${group.id}`} className="text-brand-700 underline">{group.name}</Link>
                {canManage && (
                  <ActionForm action={leaveGroupAction} hidden={{ ...hidden, groupId: group.id }} submitLabel={`Remove from ${group.name}`} variant="secondary" inline />
                )}
              </li>
            ))}
            {groups.length === 0 && <li className="py-2 text-slate-500">Not in any group.</li>}
          </ul>
          {canManage && (
            <ActionForm
              action={joinGroupAction}
              hidden={hidden}
              inline
              submitLabel="Add to group"
              fields={[
                {
                  kind: "search",
                  name: "groupId",
                  label: "Group",
                  placeholderText: "Choose a group",
                  // A customer can hold many groups: the ones this user is not in are searched (docs/screens.md#async-combobox).
                  search: {
                    url: `/a/${account.id}/groups/search?${new URLSearchParams({ notJoinedBy: user.id })}`,
                    key: "groups",
                    searchLabel: "Search groups by name",
                    optionsLabel: "Groups this user is not in",
                    emptyText: "No group outside this user's groups matches.",
                  },
                },
              ]}
            />
          )}
        </Card>
        <Card title="Paired devices">
          <ul className="divide-y divide-slate-100 text-sm">
            {devices.map((device) => (
              <li key={device.id} className="flex justify-between gap-3 py-2">
                <span className="font-mono text-xs">{device.externalId}</span>
                <span className="text-slate-600">{DEVICE_KIND_LABEL[device.kind]} · {device.lastSeenAt ? formatDateTime(device.lastSeenAt, account.billingTimezone) : "never seen"}</span>
              </li>
            ))}
            {devices.length === 0 && <li className="py-2 text-slate-500">No paired devices. Pair them on the Devices page.</li>}
          </ul>
        </Card>
      </div>
    </>
  );
}
