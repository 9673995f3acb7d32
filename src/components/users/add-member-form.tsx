"use client";

import { addMemberAction } from "@/actions/users/add-member";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ROLE_LABEL } from "@/lib/labels";

export function AddMemberForm({ accountId }: { accountId: string }) {
  const action = useFormAction(addMemberAction);
  const state = action.state;
  const errors = state.fieldErrors ?? {};
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <Form binding={action} className="space-y-4" noValidate key={state.status === "ok" ? state.at : undefined}>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      {state.data?.temporaryPassword && (
        <div className="rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-200">
          <p className="font-medium text-amber-900">Temporary password for {state.data.email}</p>
          <p className="mt-1 select-all font-mono text-base" data-testid="temporary-password">
            {state.data.temporaryPassword}
          </p>
          <p className="mt-1 text-xs text-amber-900">It is shown only once.</p>
        </div>
      )}
      <TextField label="Email" name="email" type="email" autoComplete="off" defaultValue={values.email} errors={errors.email} required />
      <TextField
        label="Name"
        name="name"
        defaultValue={values.name}
        hint="Used when this email is new to the portal."
        errors={errors.name}
      />
      <SelectField
        label="Role"
        name="role"
        defaultValue={values.role ?? "VIEWER"}
        options={(["ADMIN", "VIEWER", "BILLING"] as const).map((role) => ({ value: role, label: ROLE_LABEL[role] }))}
        errors={errors.role}
      />
      <SubmitButton pendingLabel="Adding…">Add user</SubmitButton>
    </Form>
  );
}
