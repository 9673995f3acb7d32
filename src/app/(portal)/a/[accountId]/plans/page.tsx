import Link from "next/link";
import { notFound } from "next/navigation";
import { CreatePlanForm } from "@/components/plans/plan-forms";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { MenuLink, RowActions } from "@/components/ui/row-actions";
import { stickyActionsCell, stickyFirstCell } from "@/components/ui/table-classes";
import { Card, PageHeader } from "@/components/ui/page-header";
import { LICENCE_TYPE_LABEL } from "@/lib/labels";
import { parseListParams, readStringParam } from "@/lib/list-params";
import { Pagination } from "@/components/ui/pagination";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listPlans } from "@/server/plans/list-plans";
import { noun } from "@/lib/plural";

export const metadata = { title: "Plans" };

export default async function PlansPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  if (account.kind === "DISTRIBUTOR") notFound();
  const list = parseListParams(search, { sortKeys: ["name"] as const, defaultSort: "name", defaultPageSize: 50 });
  const page = await listPlans(db, { actor, accountId: account.id, page: list.page, pageSize: list.pageSize });
  const plans = page.rows;
  const canCreate = account.kind === "MSSP" && can("account:manage");
  return (
    <>
      <PageHeader title="Plans" description="Groups of gateways licensed by subscription or Pay-As-You-Go." />
      {readStringParam(search, "deleted") && (
        <Notice>Plan deleted.</Notice>
      )}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr]">
        {page.total === 0 ? (
          <EmptyState title="No plans yet">{canCreate ? "Create a plan, then assign gateways to it." : "Plans shared with this account appear here."}</EmptyState>
        ) : (
          <div className="min-w-0">
            <div className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Plans</caption>
                <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="px-3 py-2.5">Plan</th>
                    <th scope="col" className="px-3 py-2.5">License type</th>
                    <th scope="col" className="px-3 py-2.5">Gateways</th>
                    <th scope="col" className="px-3 py-2.5">Shared with</th>
                    <th scope="col" className="px-3 py-2.5"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {plans.map((plan) => (
                    <tr key={plan.id} className="group">
                      <td className={`px-3 py-2.5 ${stickyFirstCell}`}>
                        <Link className="font-medium text-brand-700 hover:underline" href={`/a/${account.id}/plans/${plan.id}`}>
                          {plan.name}
                        </Link>
                        {!plan.ownedHere && <span className="block text-xs text-slate-500">Shared by {plan.owner.name}</span>}
                      </td>
                      <td className="px-3 py-2.5">
                        <Badge tone={plan.licenceType === "PAYG" ? "violet" : "blue"}>{LICENCE_TYPE_LABEL[plan.licenceType]}</Badge>
                      </td>
                      <td className="px-3 py-2.5">
                        {plan.gatewayCount}
                        {plan.oldFirmwareCount > 0 && <span className="ml-1 text-xs text-slate-500">({plan.oldFirmwareCount} below R82)</span>}
                      </td>
                      <td className="px-3 py-2.5">{plan.sharedWith?.name ?? "—"}</td>
                      <td className={`px-3 py-2.5 ${stickyActionsCell}`}>
                        <RowActions label={`Actions for ${plan.name}`}>
                          <MenuLink href={`/a/${account.id}/plans/${plan.id}/licence`} aria-label={`License page of ${plan.name}`}>
                            License
                          </MenuLink>
                        </RowActions>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination basePath={`/a/${account.id}/plans`} params={{ pageSize: String(list.pageSize) }} page={page} noun={noun("plan")} />
          </div>
        )}
        {canCreate && (
          <Card title="Create a plan">
            <CreatePlanForm accountId={account.id} />
          </Card>
        )}
      </div>
    </>
  );
}
