"use client";

import type { ContractType } from "@/generated/prisma/enums";
import { editContractAction } from "@/actions/contracts/edit-contract";
import { AddOnChoices, TrialExpiryChoice } from "./contract-choices";
import { ButtonLink } from "@/components/ui/button";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { AllowedEdits } from "@/server/contracts/contract-rules";

/** Offers only the changes docs/contracts.md#editing-a-contract allows for this contract; the server checks again. */
export function EditContractForm({
  accountId,
  contract,
  allowed,
  addOns,
}: {
  accountId: string;
  contract: { id: string; type: ContractType; quantity: number; trialExpiryAction: "CONVERT" | "EXPIRE" | null; activeAddOns: string[] };
  allowed: AllowedEdits;
  addOns: { sku: string; name: string }[];
}) {
  const action = useFormAction(editContractAction);
  const state = action.state;
  const errors = state.fieldErrors ?? {};
  const nothing = !Object.values(allowed).some(Boolean);
  const available = addOns.filter((addOn) => !contract.activeAddOns.includes(addOn.sku));
  const current = addOns.filter((addOn) => contract.activeAddOns.includes(addOn.sku));

  return (
    <Form
      binding={action}
      className="max-w-2xl space-y-5 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200"
      noValidate
    >
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="contractId" value={contract.id} />
      <FormMessage state={state} />
      {nothing && <p className="text-sm text-slate-700">This contract cannot be edited.</p>}
      {allowed.quantity && (
        <TextField
          label="Quantity threshold"
          name="quantity"
          type="number"
          min={1}
          defaultValue={String(contract.quantity)}
          errors={errors.quantity}
        />
      )}
      {allowed.addAddOns &&
        (available.length === 0 ? (
          <p className="text-sm text-slate-500">Every AddOn of this service is already on the contract.</p>
        ) : (
          <AddOnChoices legend="Add AddOns" name="addAddOns" addOns={available} errors={errors.addAddOns} />
        ))}
      {allowed.removeAddOns && current.length > 0 && <AddOnChoices legend="Remove AddOns" name="removeAddOns" addOns={current} />}
      {!allowed.removeAddOns && current.length > 0 && (
        <p className="text-sm text-slate-600">
          AddOns on this contract: {current.map((addOn) => addOn.name).join(", ")}. They cannot be removed from a subscription.
        </p>
      )}
      {allowed.trialExpiryAction && (
        <TrialExpiryChoice defaultValue={contract.trialExpiryAction} />
      )}
      <div className="flex items-center gap-3">
        {!nothing && <SubmitButton pendingLabel="Applying…">Apply changes</SubmitButton>}
        <ButtonLink variant="secondary" href={`/a/${accountId}/contracts`}>
          Back to contracts
        </ButtonLink>
      </div>
    </Form>
  );
}
