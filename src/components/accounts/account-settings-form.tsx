"use client";

import { updateAccountAction } from "@/actions/accounts/update-account";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function AccountSettingsForm({
  account,
  timezones,
  readOnly,
}: {
  account: {
    id: string;
    name: string;
    billingTimezone: string;
    retentionDays: number;
    userCenterId: string;
    trialEndsOn: string | null;
    inTrial: boolean;
  };
  timezones: string[];
  readOnly: boolean;
}) {
  const action = useFormAction(updateAccountAction);
  const state = action.state;
  const errors = state.fieldErrors ?? {};
  const values = { ...account, ...(state.status === "error" ? state.values : {}) };
  return (
    <Form binding={action} className="space-y-5" noValidate>
      <input type="hidden" name="accountId" value={account.id} />
      <FormMessage state={state} />
      <fieldset disabled={readOnly} className="space-y-5">
        <legend className="sr-only">Account details</legend>
        <TextField label="Account name" name="name" defaultValue={values.name} errors={errors.name} required />
        <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
          <SelectField
            label="Billing timezone"
            name="billingTimezone"
            defaultValue={String(values.billingTimezone)}
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
            defaultValue={String(values.retentionDays)}
            hint="Inactive devices and end users are purged after this many days."
            errors={errors.retentionDays}
          />
        </div>
        <TextField
          label="User Center ID"
          name="userCenterId"
          defaultValue={values.userCenterId}
          hint="Links the account to its User Center account for contract sync."
          errors={errors.userCenterId}
        />
        {account.inTrial && (
          <TextField
            label="Trial ends on"
            name="trialEndsOn"
            type="date"
            defaultValue={values.trialEndsOn ?? ""}
            errors={errors.trialEndsOn}
          />
        )}
      </fieldset>
      {readOnly ? (
        <p className="text-sm text-slate-600">Your role can view these settings but not change them.</p>
      ) : (
        <SubmitButton>Save changes</SubmitButton>
      )}
    </Form>
  );
}
