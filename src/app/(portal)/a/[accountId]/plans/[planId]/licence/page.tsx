import Link from "next/link";
import { LicenceTypeForm } from "@/components/plans/licence-type-form";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/page-header";
import { LICENCE_TYPE_LABEL } from "@/lib/labels";
import { db } from "@/server/db";
import { supportsPayg } from "@/server/plans/firmware-version";
import { listGatewaysFollowingPlan } from "@/server/gateways/list-gateways-following-plan";
import { PAYG_REFUSAL_MESSAGES } from "@/server/plans/payg-prerequisites";
import { checkPlanPayg } from "@/server/plans/set-plan-licence-type";
import { loadPlanPage } from "../load-plan-page";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "License" };

export default async function PlanLicencePage({ params }: { params: Promise<{ accountId: string; planId: string }> }) {
  const { accountId, planId } = await params;
  const { context, plan } = await loadPlanPage(accountId, planId);
  const [gateways, payg] = await Promise.all([
    listGatewaysFollowingPlan(db, { planId: plan.id }),
    checkPlanPayg(db, context.actor, plan),
  ]);
  const ineligible = gateways.filter((gateway) => !supportsPayg(gateway.firmwareVersion));
  return (
    <>
      <PageHeader
        title="License"
        description={
          <>
            <Link className="text-brand-700 underline" href={`/a/${context.account.id}/plans/${plan.id}`}>
              {plan.name}
            </Link>{" "}
            · {plan.service.name} · currently <Badge tone={plan.licenceType === "PAYG" ? "violet" : "blue"}>{LICENCE_TYPE_LABEL[plan.licenceType]}</Badge>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr]">
        <Card title="License type">
          <LicenceTypeForm
            accountId={context.account.id}
            planId={plan.id}
            current={plan.licenceType}
            paygRefusals={payg.refusals.map((reason) => ({ reason, message: PAYG_REFUSAL_MESSAGES[reason] }))}
            ineligibleGateways={ineligible.map((gateway) => ({ ...gateway }))}
          />
        </Card>
        <div className="space-y-6">
          <Card title="Usage">
            <p className="text-sm text-slate-700">
              PAYG usage is billed to {payg.holder.name}. To view the usage report, click{" "}
              <Link className="font-medium text-brand-700 hover:underline" href={`/a/${payg.holder.id}/usage`}>
                service and contracts
              </Link>
              .
            </p>
          </Card>
          <Card title="Prerequisites for Pay-As-You-Go">
            <ul className="space-y-1 text-sm">
              {(["ACCOUNT_NOT_MSSP", "USER_NOT_ADMIN", "NO_ACTIVE_PAYG_CONTRACT"] as const).map((reason) => {
                const ok = !payg.refusals.includes(reason);
                return (
                  <li key={reason} className="flex gap-2">
                    <span aria-hidden="true">{ok ? "✓" : "✗"}</span>
                    <span className={ok ? "text-slate-700" : "text-red-800"}>
                      {ok ? PREREQUISITE_OK[reason] : PAYG_REFUSAL_MESSAGES[reason]}
                      {reason === "NO_ACTIVE_PAYG_CONTRACT" && ` (${payg.holder.name})`}
                    </span>
                  </li>
                );
              })}
              <li className="flex gap-2">
                <span aria-hidden="true">{ineligible.length ? "!" : "✓"}</span>
                <span>
                  {ineligible.length
                    ? `${ineligible.length} of ${formatCount(gateways.length, noun("gateway"))} ${ineligible.length === 1 ? "runs" : "run"} firmware below R82.00.00 and ${ineligible.length === 1 ? "stays" : "stay"} on subscription.`
                    : "Every gateway runs R82.00.00 or higher."}
                </span>
              </li>
            </ul>
          </Card>
        </div>
      </div>
    </>
  );
}

const PREREQUISITE_OK = {
  ACCOUNT_NOT_MSSP: "The account is an MSSP account or an MSSP child account.",
  USER_NOT_ADMIN: "You are an administrator.",
  NO_ACTIVE_PAYG_CONTRACT: "An active Pay-As-You-Go contract exists for the service",
} as const;
