"use client";

import { cancelContractAction } from "@/actions/contracts/cancel-contract";
import { ButtonLink } from "@/components/ui/button";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { Field, inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { REFUSAL_MESSAGES, type CancelRefusal } from "@/lib/contract-refusals";

export function CancelContractForm({
  accountId,
  contractId,
  refusal,
  addOns,
}: {
  accountId: string;
  contractId: string;
  refusal: CancelRefusal | null;
  addOns: { sku: string; name: string }[];
}) {
  const action = useFormAction(cancelContractAction);
  const state = action.state;
  const errors = state.fieldErrors ?? {};
  if (refusal) {
    return (
      <div className="max-w-2xl space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <p role="alert" className="text-sm text-slate-800">
          {REFUSAL_MESSAGES[refusal]}
        </p>
        <ButtonLink variant="secondary" href={`/a/${accountId}/contracts`}>
          Back to contracts
        </ButtonLink>
      </div>
    );
  }
  return (
    <Form
      binding={action}
      className="max-w-2xl space-y-5 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200"
      noValidate
    >
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="contractId" value={contractId} />
      <FormMessage state={state} />
      {addOns.length > 0 && (
        <fieldset>
          <legend className="block text-sm font-medium text-slate-700">What to cancel</legend>
          <div className="mt-2 space-y-1 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="addOn" value="" defaultChecked />
              The whole contract
            </label>
            {addOns.map((addOn) => (
              <label key={addOn.sku} className="flex items-center gap-2">
                <input type="radio" name="addOn" value={addOn.sku} />
                Only the AddOn {addOn.name} ({addOn.sku})
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <Field label="Reason" name="reason" errors={errors.reason}>
        {(aria) => <textarea name="reason" rows={3} className={inputClasses} required {...aria} />}
      </Field>
      <p className="text-sm text-slate-600">Billing for what you cancel stops from the next metering day. This cannot be undone.</p>
      <div className="flex items-center gap-3">
        <SubmitButton variant="danger" pendingLabel="Canceling…">
          Cancel Contract
        </SubmitButton>
        <ButtonLink variant="secondary" href={`/a/${accountId}/contracts`}>
          Keep it
        </ButtonLink>
      </div>
    </Form>
  );
}
