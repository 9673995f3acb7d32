import { notFound } from "next/navigation";
import { GatewayForm, GatewayLicencePanel, RemoveGatewayForm } from "@/components/gateways/gateway-form";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/page-header";
import { LICENCE_TYPE_LABEL } from "@/lib/labels";
import { can } from "@/server/auth/permissions";
import { orNotFound } from "@/server/edge/or-not-found";
import { getPortalContext } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { supportsPayg } from "@/server/plans/firmware-version";
import { getGatewayInReach } from "@/server/gateways/get-gateway-in-reach";
import { effectiveLicenceType } from "@/server/gateways/effective-licence-type";

export const metadata = { title: "Gateway" };

export default async function GatewayPage({ params }: { params: Promise<{ accountId: string; gatewayId: string }> }) {
  const { accountId, gatewayId } = await params;
  const context = await getPortalContext(accountId);
  const gateway = await orNotFound(getGatewayInReach(db, context.actor, gatewayId));
  if (!gateway.account.path.startsWith(context.account.path)) notFound();
  const canManage = can(context.actor, "account:manage", gateway.account);
  const licenceType = effectiveLicenceType({
    lockedToPlan: gateway.lockedToPlan,
    ownLicenceType: gateway.ownLicenceType,
    firmwareVersion: gateway.firmwareVersion,
    planLicenceType: gateway.plan?.licenceType ?? null,
  });
  return (
    <>
      <PageHeader
        title={gateway.name}
        description={
          <>
            {gateway.serialNumber} · {gateway.account.name} · {gateway.firmwareVersion} ·{" "}
            <Badge tone={licenceType === "PAYG" ? "violet" : "blue"}>{LICENCE_TYPE_LABEL[licenceType]}</Badge>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr]">
        <Card title="Gateway">
          {canManage ? (
            <GatewayForm
              contextAccountId={context.account.id}
              owner={{ id: gateway.account.id, name: gateway.account.name }}
              plan={gateway.plan ? { id: gateway.plan.id, name: gateway.plan.name } : null}
              gateway={{ id: gateway.id, name: gateway.name, serialNumber: gateway.serialNumber, firmwareVersion: gateway.firmwareVersion }}
            />
          ) : (
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-slate-500">Plan</dt>
              <dd>{gateway.plan?.name ?? "—"}</dd>
              <dt className="text-slate-500">Firmware</dt>
              <dd>{gateway.firmwareVersion}</dd>
            </dl>
          )}
        </Card>
        <div className="space-y-6">
          <Card title="Licence">
            <GatewayLicencePanel
              contextAccountId={context.account.id}
              gatewayId={gateway.id}
              lockedToPlan={gateway.lockedToPlan}
              hasPlan={Boolean(gateway.planId)}
              planName={gateway.plan?.name ?? null}
              ownLicenceType={gateway.ownLicenceType}
              effective={licenceType}
              supportsPayg={supportsPayg(gateway.firmwareVersion)}
              canManage={canManage}
            />
          </Card>
          {canManage && (
            <Card title="Remove">
              <RemoveGatewayForm contextAccountId={context.account.id} gatewayId={gateway.id} name={gateway.name} />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
