"use client";

import { commitImportAction } from "@/actions/contracts/commit-contract-import";
import { previewImportAction } from "@/actions/contracts/preview-contract-import";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { Field, inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { formatCount, noun } from "@/lib/plural";

export function ContractImportForm({ accountId }: { accountId: string }) {
  const action = useFormAction(previewImportAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <Field label="Contracts file (.csv or .xlsx)" name="file" errors={state.fieldErrors?.file}>
        {(aria) => <input type="file" name="file" accept=".csv,.xlsx" className={inputClasses} {...aria} />}
      </Field>
      <SubmitButton pendingLabel="Checking…">Preview</SubmitButton>
    </Form>
  );
}

export function ConfirmImportForm({ accountId, importId, count }: { accountId: string; importId: string; count: number }) {
  const action = useFormAction(commitImportAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="importId" value={importId} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Importing…">{`Import ${formatCount(count, noun("contract"))}`}</SubmitButton>
    </Form>
  );
}
