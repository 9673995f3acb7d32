"use client";

import { addRecipientAction } from "@/actions/notifications/add-recipient";
import { markReadAction } from "@/actions/notifications/mark-notices-read";
import { removeRecipientAction } from "@/actions/notifications/remove-recipient";
import { TextField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function MarkReadForm({ accountId, noticeId, label }: { accountId: string; noticeId?: string; label: string }) {
  const action = useFormAction(markReadAction);
  const state = action.state;
  return (
    <Form binding={action} className="inline">
      <input type="hidden" name="accountId" value={accountId} />
      {noticeId && <input type="hidden" name="noticeId" value={noticeId} />}
      <SubmitButton variant={noticeId ? "ghost" : "secondary"} size="sm" pendingLabel="Marking…">
        {label}
      </SubmitButton>
      {state.status === "error" && <span role="alert" className="ml-2 text-xs text-red-700">{state.message}</span>}
    </Form>
  );
}

export function RecipientsPanel({ accountId, recipients, canEdit }: { accountId: string; recipients: { id: string; email: string }[]; canEdit: boolean }) {
  const action = useFormAction(addRecipientAction);
  const state = action.state;
  const remove = useFormAction(removeRecipientAction);
  const removeState = remove.state;
  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-600">Emails of this account&apos;s notifications (licence expiry, contracts about to expire, pool renewals). With none listed, the account&apos;s admins receive them.</p>
      <FormMessage state={removeState} />
      {recipients.length > 0 && (
        <ul className="divide-y divide-slate-100">
          {recipients.map((recipient) => (
            <li key={recipient.id} className="flex items-center justify-between py-1.5">
              {recipient.email}
              {canEdit && (
                <Form binding={remove}>
                  <input type="hidden" name="accountId" value={accountId} />
                  <input type="hidden" name="recipientId" value={recipient.id} />
                  <SubmitButton variant="ghost" size="sm" aria-label={`Remove ${recipient.email}`}>
                    Remove
                  </SubmitButton>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <Form binding={action} className="space-y-2" noValidate>
          <input type="hidden" name="accountId" value={accountId} />
          <FormMessage state={state} />
          <TextField label="Recipient email" name="email" type="email" defaultValue={state.status === "error" ? state.values?.email : ""} errors={state.fieldErrors?.email} />
          <SubmitButton variant="secondary">Add recipient</SubmitButton>
        </Form>
      )}
    </div>
  );
}
