import { notFound } from "next/navigation";
import { CancelContractForm } from "@/components/contracts/cancel-contract-form";
import { PageHeader } from "@/components/ui/page-header";
import { CONTRACT_TYPE_LABEL } from "@/lib/labels";
import { checkCancelContract } from "@/server/contracts/contract-rules";
import { can } from "@/server/auth/permissions";
import { contractLabel } from "@/lib/contract-label";
import { contractFacts, contractToday } from "@/server/contracts/get-contract-in-reach";
import { loadContractPage } from "../load-contract-page";

export const metadata = { title: "Cancel Contract" };

export default async function CancelContractPage({ params }: { params: Promise<{ accountId: string; contractId: string }> }) {
  const { accountId, contractId } = await params;
  const { context, contract } = await loadContractPage(accountId, contractId);
  if (!can(context.actor, "contracts:manage", contract.account)) notFound();
  const refusal = checkCancelContract(contractFacts(contract, contract.account.billingTimezone), contractToday(contract));
  return (
    <>
      <PageHeader
        title="Cancel Contract"
        description={`${contractLabel(contract.number)} · ${contract.service.name} · ${CONTRACT_TYPE_LABEL[contract.type]} · ${context.account.name}`}
      />
      <CancelContractForm
        accountId={context.account.id}
        contractId={contract.id}
        refusal={refusal}
        addOns={contract.type === "PAYG" ? contract.addOns.map((row) => ({ sku: row.addOn.sku, name: row.addOn.name })) : []}
      />
    </>
  );
}
