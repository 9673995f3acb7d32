"use client";

import { updateBillingProfileAction } from "@/actions/billing/update-billing-profile";
import { Field, TextField, inputClasses } from "@/components/ui/field";
import { Form, useFieldEcho, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export interface BillingProfileValues {
  legalName: string;
  address: string;
  statementPrefix: string;
  saved: boolean;
}

function AddressField({ defaultValue, readOnly }: { defaultValue: string; readOnly: boolean }) {
  const echo = useFieldEcho("address");
  return (
    <Field label="Address" name="address" idPrefix="billing" hint="As it should be printed, one line per line.">
      {(aria) => <textarea name="address" rows={4} className={inputClasses} readOnly={readOnly} defaultValue={echo.value ?? defaultValue} {...aria} />}
    </Field>
  );
}

/**
 * The name, address and statement prefix printed on statements (docs/money.md#billing-profile);
 * read-only for those who may not change the account.
 */
export function BillingProfileForm({ accountId, profile, canEdit }: { accountId: string; profile: BillingProfileValues; canEdit: boolean }) {
  const action = useFormAction(updateBillingProfileAction);
  return (
    <Form binding={action} className="space-y-3">
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={action.state} />
      {!profile.saved && <p className="text-sm text-slate-600">Not saved yet: statements use the account&apos;s name and these initials until it is.</p>}
      <TextField idPrefix="billing" label="Legal name" name="legalName" defaultValue={profile.legalName} readOnly={!canEdit} autoComplete="organization" />
      <AddressField defaultValue={profile.address} readOnly={!canEdit} />
      <TextField
        idPrefix="billing"
        label="Statement prefix"
        name="statementPrefix"
        defaultValue={profile.statementPrefix}
        readOnly={!canEdit}
        autoComplete="off"
        className="max-w-48"
        hint={`2 to 6 letters or digits: statements are numbered ${profile.statementPrefix}-YYYY-00001 on.`}
      />
      {canEdit && <SubmitButton pendingLabel="Saving…">Save billing profile</SubmitButton>}
    </Form>
  );
}
