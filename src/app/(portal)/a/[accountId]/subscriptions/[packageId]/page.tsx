import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/subscriptions/action-form";
import { Card, PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { searchGroupOptions } from "@/server/end-users/search-group-options";
import { listSubscriptions } from "@/server/subscriptions/list-subscriptions";
import { attachSubscriptionAction } from "@/actions/subscriptions/attach-subscription";
import { detachSubscriptionAction } from "@/actions/subscriptions/detach-subscription";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Manage subscription" };

export default async function ManageSubscriptionPage({ params }: { params: Promise<{ accountId: string; packageId: string }> }) {
  const { accountId, packageId } = await params;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  if (account.kind !== "CUSTOMER") notFound();
  const { subscriptions } = await listSubscriptions(db, { actor, accountId: account.id });
  const subscription = subscriptions.find((s) => s.packageId === packageId);
  if (!subscription) notFound();
  // Whether any group is left to attach to; the form searches them (docs/screens.md#async-combobox).
  const attachable = await searchGroupOptions(db, { actor, accountId: account.id, q: "", notAttachedTo: subscription.packageId });
  const canManage = can("account:manage");
  const hidden = { accountId: account.id, packageId: subscription.packageId };
  return (
    <>
      <PageHeader
        title={`Manage ${subscription.name}`}
        description={
          <>
            <Link href={`/a/${account.id}/subscriptions`} className="text-brand-700 underline">Subscriptions</Link> · {subscription.serviceName} ·{" "}
            {formatCount(subscription.assignedUsers, noun("user"))} assigned
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title="Attached to user groups">
          <ul className="divide-y divide-slate-100 text-sm">
            {subscription.groups.map((group) => (
              <li key={group.id} className="flex items-center justify-between gap-3 py-2">
                <Link href={`/a/${account.id}/groups/${group.id}`} className="text-brand-700 underline">{group.name}</Link>
                {canManage && <ActionForm action={detachSubscriptionAction} hidden={{ ...hidden, groupId: group.id }} submitLabel={`Detach from ${group.name}`} variant="secondary" inline />}
              </li>
            ))}
            {subscription.groups.length === 0 && <li className="py-2 text-slate-500">Not attached to any group.</li>}
          </ul>
        </Card>
        {canManage && (
          <Card title="Attach to a user group">
            {attachable.length === 0 ? (
              <p className="text-sm text-slate-600">
                {subscription.groups.length === 0 ? "Create a user group first." : "Attached to every group already."}{" "}
                <Link href={`/a/${account.id}/groups`} className="text-brand-700 underline">User groups</Link>
              </p>
            ) : (
              <ActionForm
                action={attachSubscriptionAction}
                hidden={hidden}
                submitLabel="Attach subscription"
                fields={[
                  {
                    kind: "search",
                    name: "groupId",
                    label: "User group",
                    placeholderText: "Choose a group",
                    hint: "Every member is assigned it now; new members when they join.",
                    search: {
                      url: `/a/${account.id}/groups/search?${new URLSearchParams({ notAttachedTo: subscription.packageId })}`,
                      key: "groups",
                      searchLabel: "Search groups by name",
                      optionsLabel: "Groups without this subscription",
                      emptyText: "No group without this subscription matches.",
                    },
                  },
                ]}
              />
            )}
          </Card>
        )}
      </div>
    </>
  );
}
