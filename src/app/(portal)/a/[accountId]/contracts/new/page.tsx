import { notFound } from "next/navigation";
import { AddContractForm } from "@/components/contracts/add-contract-form";
import { PageHeader } from "@/components/ui/page-header";
import { ACCOUNT_KIND_LABEL } from "@/lib/labels";
import { can } from "@/server/auth/permissions";
import { getPortalContext } from "@/server/edge/portal-context";
import { getCatalogue } from "@/server/contracts/get-catalogue";
import { db } from "@/server/db";

export const metadata = { title: "Add Contract" };

export default async function AddContractPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await getPortalContext(accountId);
  if (account.kind === "DISTRIBUTOR" || !can(actor, "contracts:manage", account)) notFound();
  return (
    <>
      <PageHeader title="Add Contract" description={`For ${account.name} (${ACCOUNT_KIND_LABEL[account.kind]}). Choose the service, then the contract type.`} />
      <AddContractForm accountId={account.id} accountKind={account.kind} catalogue={await getCatalogue(db)} />
    </>
  );
}
