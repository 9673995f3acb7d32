"use client";

import { useState } from "react";
import { createAccountAction } from "@/actions/accounts/create-account";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ButtonLink } from "@/components/ui/button";

export function CreateAccountForm({
  parentId,
  kinds,
  timezones,
  defaultTimezone,
}: {
  parentId: string;
  kinds: { value: string; label: string }[];
  timezones: string[];
  defaultTimezone: string;
}) {
  const action = useFormAction(createAccountAction);
  const state = action.state;
  const [status, setStatus] = useState("ACTIVE");
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? {};
  return (
    <Form binding={action} className="max-w-2xl space-y-5 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
      <input type="hidden" name="parentId" value={parentId} />
      <FormMessage state={state} />
      <TextField label="Account name" name="name" required autoComplete="organization" defaultValue={values.name} errors={errors.name} />
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
        <SelectField label="Kind" name="kind" options={kinds} defaultValue={values.kind} errors={errors.kind} />
        <SelectField
          label="Status"
          name="status"
          value={status}
          onChange={(event) => setStatus(event.target.value)}
          options={[
            { value: "ACTIVE", label: "Active" },
            { value: "IN_TRIAL", label: "In trial" },
          ]}
          errors={errors.status}
        />
      </div>
      {status === "IN_TRIAL" && (
        <TextField
          label="Trial ends on"
          name="trialEndsOn"
          type="date"
          required
          defaultValue={values.trialEndsOn}
          hint="If nobody activates it before, the account becomes active automatically at the end of the trial."
          errors={errors.trialEndsOn}
        />
      )}
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
        <SelectField
          label="Billing timezone"
          name="billingTimezone"
          defaultValue={values.billingTimezone ?? defaultTimezone}
          options={timezones.map((zone) => ({ value: zone, label: zone }))}
          hint="Days and months of usage are counted in this timezone."
          errors={errors.billingTimezone}
        />
        <TextField
          label="Retention days"
          name="retentionDays"
          type="number"
          min={1}
          max={3650}
          defaultValue={values.retentionDays ?? 90}
          hint="Inactive devices and end users are purged after this many days."
          errors={errors.retentionDays}
        />
      </div>
      <TextField
        label="User Center ID"
        name="userCenterId"
        defaultValue={values.userCenterId}
        hint="Optional. Links the account to its User Center account for contract sync."
        errors={errors.userCenterId}
      />
      <div className="flex items-center gap-3">
        <SubmitButton pendingLabel="Creating…">Create account</SubmitButton>
        <ButtonLink variant="secondary" href={`/a/${parentId}/accounts`}>
          Cancel
        </ButtonLink>
      </div>
    </Form>
  );
}
