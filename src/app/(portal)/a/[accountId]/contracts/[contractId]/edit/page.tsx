import { notFound } from "next/navigation";
import { EditContractForm } from "@/components/contracts/edit-contract-form";
import { PageHeader } from "@/components/ui/page-header";
import { CONTRACT_TYPE_LABEL } from "@/lib/labels";
import { allowedEdits } from "@/server/contracts/contract-rules";
import { listServiceAddOns } from "@/server/contracts/list-service-add-ons";
import { can } from "@/server/auth/permissions";
import { contractLabel } from "@/lib/contract-label";
import { contractFacts, contractToday } from "@/server/contracts/get-contract-in-reach";
import { db } from "@/server/db";
import { loadContractPage } from "../load-contract-page";

export const metadata = { title: "Edit Contract" };

export default async function EditContractPage({ params }: { params: Promise<{ accountId: string; contractId: string }> }) {
  const { accountId, contractId } = await params;
  const { context, contract } = await loadContractPage(accountId, contractId);
  if (!can(context.actor, "contracts:manage", contract.account)) notFound();
  const allowed = allowedEdits(contractFacts(contract, contract.account.billingTimezone), contractToday(contract));
  const addOns = await listServiceAddOns(db, { serviceId: contract.serviceId });
  return (
    <>
      <PageHeader
        title="Edit Contract"
        description={`${contractLabel(contract.number)} · ${contract.service.name} · ${CONTRACT_TYPE_LABEL[contract.type]} · ${context.account.name}`}
      />
      <EditContractForm
        accountId={context.account.id}
        contract={{
          id: contract.id,
          type: contract.type,
          quantity: contract.quantity,
          trialExpiryAction: contract.trialExpiryAction,
          activeAddOns: contract.addOns.map((row) => row.addOn.sku),
        }}
        allowed={allowed}
        addOns={addOns.map(({ sku, name }) => ({ sku, name }))}
      />
    </>
  );
}
