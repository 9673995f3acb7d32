import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { MenuLink, RowActions } from "@/components/ui/row-actions";
import { stickyActionsCell, stickyFirstCell } from "@/components/ui/table-classes";
import { PageHeader } from "@/components/ui/page-header";
import { dbDateToIso } from "@/lib/dates";
import { readStringParam } from "@/lib/list-params";
import { contractLabel } from "@/lib/contract-label";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listSubscriptions } from "@/server/subscriptions/list-subscriptions";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Subscriptions" };

export default async function SubscriptionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  if (account.kind !== "CUSTOMER") notFound();
  const { subscriptions, canAdd } = await listSubscriptions(db, { actor, accountId: account.id });
  const added = readStringParam(search, "added");
  const base = `/a/${account.id}/subscriptions`;
  return (
    <>
      <PageHeader
        title="Subscriptions"
        description={`Management / Settings → Subscriptions of ${account.name}. Attach a subscription to user groups with Manage: every member is assigned it, and new members automatically.`}
        actions={
          <>
            {can("usage:read") && <ButtonLink href={`${base}/report`} variant="secondary">Usage/Report</ButtonLink>}
            {canAdd && <ButtonLink href={`${base}/add`}>Add Subscriptions</ButtonLink>}
          </>
        }
      />
      {added && <Notice>{/^\d{1,9}$/.test(added) ? `${formatCount(Number(added), noun("subscription"))} added.` : "Subscriptions added."}</Notice>}
      {subscriptions.length === 0 ? (
        <EmptyState title="No subscriptions yet">
          {canAdd ? "Add Subscriptions to give this customer one or more packages." : "The customer's partner adds subscriptions from its Customers list."}
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Subscriptions</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Subscription</th>
                <th scope="col" className="px-3 py-2">Service</th>
                <th scope="col" className="px-3 py-2">Contracts</th>
                <th scope="col" className="px-3 py-2">User groups</th>
                <th scope="col" className="px-3 py-2">Assigned users</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {subscriptions.map((s) => (
                <tr key={s.packageId} className="group">
                  <td className={`px-3 py-2 ${stickyFirstCell}`}>
                    <span className="font-medium">{s.name}</span> <span className="font-mono text-xs text-slate-500">{s.sku}</span>
                    {s.isDefault && <span className="ml-2"><Badge tone="slate">base</Badge></span>}
                  </td>
                  <td className="px-3 py-2">{s.serviceName}</td>
                  <td className="px-3 py-2">
                    {s.contracts.map((c) => `${contractLabel(c.number)} (${c.type.toLowerCase()}${c.expiresOn ? ` until ${dbDateToIso(c.expiresOn)}` : ""})`).join(", ")}
                  </td>
                  <td className="px-3 py-2">
                    <span className="flex flex-wrap gap-1">{s.groups.length ? s.groups.map((g) => <Badge key={g.id} tone="blue">{g.name}</Badge>) : "—"}</span>
                  </td>
                  <td className="px-3 py-2">{s.assignedUsers}</td>
                  <td className={`px-3 py-2 ${stickyActionsCell}`}>
                    <RowActions label={`Actions for ${s.name}`}>
                      <MenuLink href={`${base}/${s.packageId}`} aria-label={`Manage ${s.name}`}>
                        Manage
                      </MenuLink>
                    </RowActions>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-4 text-sm text-slate-600">
        Billing counts per package: a user covered by two packages counts in both; users with no package and standalone endpoints count for the base package.
      </p>
    </>
  );
}
