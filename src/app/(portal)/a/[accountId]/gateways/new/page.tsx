import { notFound } from "next/navigation";
import { GatewayForm } from "@/components/gateways/gateway-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/edge/portal-context";

export const metadata = { title: "Register gateway" };

export default async function RegisterGatewayPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account } = await requirePagePermission(accountId, "account:manage");
  if (account.kind === "DISTRIBUTOR") notFound();
  return (
    <>
      <PageHeader title="Register gateway" description="Firmware versions look like R81.20, R82, R82.00.00 or R82.10." />
      <GatewayForm contextAccountId={account.id} owner={{ id: account.id, name: account.name }} plan={null} gateway={{}} />
    </>
  );
}
