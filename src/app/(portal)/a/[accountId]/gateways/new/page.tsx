import { notFound } from "next/navigation";
import { GatewayForm } from "@/components/gateways/gateway-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { gatewayFormOptions } from "@/server/gateways/gateway-form-options";

export const metadata = { title: "Register gateway" };

export default async function RegisterGatewayPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await requirePagePermission(accountId, "account:manage");
  if (account.kind === "DISTRIBUTOR") notFound();
  const options = await gatewayFormOptions(db, actor, account);
  return (
    <>
      <PageHeader title="Register gateway" description="Firmware versions look like R81.20, R82, R82.00.00 or R82.10." />
      <GatewayForm contextAccountId={account.id} owners={options.owners} plans={options.plans} gateway={{ accountId: account.id }} />
    </>
  );
}
