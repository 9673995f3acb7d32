"use client";

import { removePriceTierAction } from "@/actions/pools/remove-price-tier";
import { setPriceTierAction } from "@/actions/pools/set-price-tier";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function PriceTierForm({ accountId, services }: { accountId: string; services: { code: string; name: string }[] }) {
  const action = useFormAction(setPriceTierAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <SelectField label="Product" name="service" defaultValue={state.values?.service} options={services.map((s) => ({ value: s.code, label: s.name }))} errors={state.fieldErrors?.service} />
      <TextField label="From licences" name="minQuantity" inputMode="numeric" defaultValue={state.values?.minQuantity} errors={state.fieldErrors?.minQuantity} hint="Orders of at least this many licences pay this price." />
      <TextField label="Price per licence and year (EUR)" name="unitPrice" inputMode="decimal" defaultValue={state.values?.unitPrice} errors={state.fieldErrors?.unitPrice} />
      <SubmitButton pendingLabel="Saving…">Save tier</SubmitButton>
    </Form>
  );
}

export function RemovePriceTierButton({ accountId, tierId, label }: { accountId: string; tierId: string; label: string }) {
  const action = useFormAction(removePriceTierAction);
  const state = action.state;
  return (
    <Form binding={action}>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="tierId" value={tierId} />
      {state.status === "error" && <FormMessage state={state} />}
      <SubmitButton variant="ghost" size="sm" aria-label={`Remove tier ${label}`}>
        Remove
      </SubmitButton>
    </Form>
  );
}
