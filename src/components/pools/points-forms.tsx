"use client";

import { creditPointsAction } from "@/actions/points/credit-points";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function CreditPointsForm({ accountId }: { accountId: string }) {
  const action = useFormAction(creditPointsAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <TextField label="Points to add" name="points" inputMode="numeric" defaultValue={state.values?.points} errors={state.fieldErrors?.points} />
      <TextField label="Reason" name="reason" defaultValue={state.values?.reason} errors={state.fieldErrors?.reason} />
      <SubmitButton pendingLabel="Adding…">Add points</SubmitButton>
    </Form>
  );
}
