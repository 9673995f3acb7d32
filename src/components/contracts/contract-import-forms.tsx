"use client";

import { useActionState } from "react";
import { commitImportAction, previewImportAction } from "@/app/(portal)/a/[accountId]/contracts/actions";
import { FormMessage } from "@/components/ui/form-message";
import { Field, inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState } from "@/lib/form-state";

export function ContractImportForm({ accountId }: { accountId: string }) {
  const [state, action] = useActionState(previewImportAction, initialFormState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <Field label="Contracts file (.csv or .xlsx)" name="file" errors={state.fieldErrors?.file}>
        {(aria) => <input type="file" name="file" accept=".csv,.xlsx" className={inputClasses} {...aria} />}
      </Field>
      <SubmitButton pendingLabel="Checking…">Preview</SubmitButton>
    </form>
  );
}

export function ConfirmImportForm({ accountId, importId, count }: { accountId: string; importId: string; count: number }) {
  const [state, action] = useActionState(commitImportAction, initialFormState);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="importId" value={importId} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Importing…">{`Import ${count} contracts`}</SubmitButton>
    </form>
  );
}
