"use client";

import { useActionState } from "react";
import { creditPointsAction } from "@/app/(portal)/a/[accountId]/points/actions";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState } from "@/lib/form-state";

export function CreditPointsForm({ accountId }: { accountId: string }) {
  const [state, action] = useActionState(creditPointsAction, initialFormState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <TextField label="Points to add" name="points" inputMode="numeric" defaultValue={state.values?.points} errors={state.fieldErrors?.points} />
      <TextField label="Reason" name="reason" defaultValue={state.values?.reason} errors={state.fieldErrors?.reason} />
      <SubmitButton pendingLabel="Adding…">Add points</SubmitButton>
    </form>
  );
}
