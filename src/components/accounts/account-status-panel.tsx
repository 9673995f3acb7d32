"use client";

import type { AccountStatus } from "@/generated/prisma/enums";
import { changeAccountStatusAction } from "@/actions/accounts/change-account-status";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ACCOUNT_STATUS_LABEL } from "@/lib/labels";

export function AccountStatusPanel({
  accountId,
  accountName,
  status,
  trialEndsOn,
  canChange,
}: {
  accountId: string;
  accountName: string;
  status: AccountStatus;
  trialEndsOn: string | null;
  canChange: boolean;
}) {
  const action = useFormAction(changeAccountStatusAction);
  const state = action.state;
  return (
    <div className="space-y-4 text-sm">
      <FormMessage state={state} />
      <p>
        {accountName} is <strong>{ACCOUNT_STATUS_LABEL[status].toLowerCase()}</strong>
        {status === "IN_TRIAL" && trialEndsOn ? ` until ${trialEndsOn}` : ""}.
      </p>
      {!canChange ? (
        <p className="text-slate-600">This account&apos;s status is managed by its parent account.</p>
      ) : (
        <>
          {status === "IN_TRIAL" && (
            <Form binding={action}>
              <input type="hidden" name="accountId" value={accountId} />
              <input type="hidden" name="change" value="activate-trial" />
              <p className="mb-2 text-slate-600">End the trial now; otherwise it becomes active on its end date.</p>
              <SubmitButton variant="secondary">Switch to active</SubmitButton>
            </Form>
          )}
          {status === "INACTIVE" ? (
            <Form binding={action}>
              <input type="hidden" name="accountId" value={accountId} />
              <input type="hidden" name="change" value="reactivate" />
              <p className="mb-2 text-slate-600">Its users can sign in again and billing resumes.</p>
              <SubmitButton>Reactivate account</SubmitButton>
            </Form>
          ) : (
            <Form
              binding={action}
              className="space-y-2 border-t border-slate-200 pt-4"
              confirmation={{ title: "Inactivate account", body: `Inactivate ${accountName}? Its users will no longer be able to sign in.`, confirmLabel: "Inactivate", danger: true }}
            >
              <input type="hidden" name="accountId" value={accountId} />
              <input type="hidden" name="change" value="inactivate" />
              <TextField label="Reason (optional)" name="reason" errors={state.fieldErrors?.reason} />
              <p className="text-slate-600">Its users can no longer sign in; billing stops from the next day. Data is kept.</p>
              <SubmitButton variant="danger">Inactivate account</SubmitButton>
            </Form>
          )}
        </>
      )}
    </div>
  );
}
