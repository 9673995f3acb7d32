import Link from "next/link";
import { AssignGatewaysForm } from "@/components/plans/assign-gateways-form";
import { DeletePlanForm, RenamePlanForm, SharePlanForm } from "@/components/plans/plan-forms";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/page-header";
import { Pagination, formatTotal } from "@/components/ui/pagination";
import { parseListParams } from "@/lib/list-params";
import { noun } from "@/lib/plural";
import { LICENCE_TYPE_LABEL } from "@/lib/labels";
import { can } from "@/server/auth/permissions";
import { db } from "@/server/db";
import { listPlanGateways } from "@/server/gateways/list-plan-gateways";
import { effectiveLicenceType } from "@/server/gateways/effective-licence-type";
import { loadPlanPage } from "./load-plan-page";

export const metadata = { title: "Plan" };

export default async function PlanPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string; planId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId, planId } = await params;
  const { context, plan } = await loadPlanPage(accountId, planId);
  const canManage = can(context.actor, "account:manage", plan.account);
  // The plan's gateways are a list like the others (50 by name); "Assign gateways" searches the
  // candidates on the server (docs/gateways-and-plans.md#a-plans-page).
  const list = parseListParams(await searchParams, { sortKeys: ["name"] as const, defaultSort: "name", defaultPageSize: 50 });
  const page = await listPlanGateways(db, { planId: plan.id, page: list.page, pageSize: list.pageSize });
  const gateways = page.rows;
  const base = `/a/${context.account.id}/plans/${plan.id}`;
  return (
    <>
      <PageHeader
        title={plan.name}
        description={
          <>
            Plan of {plan.account.name}
            {plan.sharedWith ? `, shared with ${plan.sharedWith.name}` : ""} ·{" "}
            <Badge tone={plan.licenceType === "PAYG" ? "violet" : "blue"}>{LICENCE_TYPE_LABEL[plan.licenceType]}</Badge>
          </>
        }
        actions={<ButtonLink href={`${base}/licence`}>License</ButtonLink>}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr]">
        <Card title={`Gateways in this plan (${formatTotal(page)})`}>
          {gateways.length === 0 ? (
            <p className="text-sm text-slate-600">No gateway yet. Add some under Assign gateways.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {gateways.map((gateway) => (
                <li key={gateway.id} className="flex items-center justify-between gap-3 py-2">
                  <span>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/a/${gateway.accountId}/gateways/${gateway.id}`}>
                      {gateway.name}
                    </Link>{" "}
                    <span className="text-slate-600">
                      · {gateway.account.name} · {gateway.firmwareVersion}
                      {!gateway.lockedToPlan && " · unlocked from plan"}
                    </span>
                  </span>
                  <Badge tone="slate">
                    {
                      LICENCE_TYPE_LABEL[
                        effectiveLicenceType({
                          lockedToPlan: gateway.lockedToPlan,
                          ownLicenceType: gateway.ownLicenceType,
                          firmwareVersion: gateway.firmwareVersion,
                          planLicenceType: plan.licenceType,
                        })
                      ]
                    }
                  </Badge>
                </li>
              ))}
            </ul>
          )}
          {(page.total > gateways.length || page.notice) && <Pagination basePath={base} params={{ pageSize: String(list.pageSize) }} page={page} noun={noun("gateway")} />}
        </Card>
        {canManage && (
          <div className="space-y-6">
            <Card title="Assign gateways">
              <AssignGatewaysForm accountId={context.account.id} planId={plan.id} />
            </Card>
            <Card title="Plan settings">
              <div className="space-y-6">
                <RenamePlanForm accountId={context.account.id} planId={plan.id} name={plan.name} />
                <SharePlanForm accountId={context.account.id} planId={plan.id} ownerId={plan.accountId} sharedWith={plan.sharedWith ? { id: plan.sharedWith.id, name: plan.sharedWith.name } : null} />
                <DeletePlanForm accountId={context.account.id} planId={plan.id} name={plan.name} />
              </div>
            </Card>
          </div>
        )}
      </div>
    </>
  );
}
