"use client";

import { useCallback } from "react";
import { createPlanAction } from "@/actions/plans/create-plan";
import { deletePlanAction } from "@/actions/plans/delete-plan";
import { renamePlanAction } from "@/actions/plans/rename-plan";
import { sharePlanAction } from "@/actions/plans/share-plan";
import { searchChildOptions } from "@/components/accounts/search-account-options";
import { ComboboxField } from "@/components/ui/combobox-field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function CreatePlanForm({ accountId }: { accountId: string }) {
  const action = useFormAction(createPlanAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <TextField label="Plan name" name="name" defaultValue={state.values?.name} errors={state.fieldErrors?.name} />
      <SubmitButton pendingLabel="Creating…">Create plan</SubmitButton>
    </Form>
  );
}

export function RenamePlanForm({ accountId, planId, name }: { accountId: string; planId: string; name: string }) {
  const action = useFormAction(renamePlanAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="planId" value={planId} />
      <FormMessage state={state} />
      <TextField label="Plan name" name="name" defaultValue={state.values?.name ?? name} errors={state.fieldErrors?.name} />
      <SubmitButton variant="secondary">Rename</SubmitButton>
    </Form>
  );
}

/** Share the plan with one direct child of its owner; the children are searched on the server (an MSSP has 1,000). */
export function SharePlanForm({
  accountId,
  planId,
  ownerId,
  sharedWith,
}: {
  accountId: string;
  planId: string;
  /** The plan's owner, whose children it may be shared with. */
  ownerId: string;
  sharedWith: { id: string; name: string } | null;
}) {
  const action = useFormAction(sharePlanAction);
  const state = action.state;
  const searchChildren = useCallback((query: string, signal: AbortSignal) => searchChildOptions(ownerId, query, signal), [ownerId]);
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="planId" value={planId} />
      <FormMessage state={state} />
      <ComboboxField
        label="Shared with child account"
        name="childAccountId"
        selected={sharedWith ? { value: sharedWith.id, label: sharedWith.name } : null}
        noneLabel="Not shared"
        search={searchChildren}
        searchLabel="Search child accounts by name"
        placeholder="Account name"
        optionsLabel="Child accounts of the plan's owner"
        emptyText="No child account matches."
        hint="For a shared plan, the child account's own PAYG contract is the one that counts."
        errors={state.fieldErrors?.childAccountId}
      />
      <SubmitButton variant="secondary">Save sharing</SubmitButton>
    </Form>
  );
}

export function DeletePlanForm({ accountId, planId, name }: { accountId: string; planId: string; name: string }) {
  const action = useFormAction(deletePlanAction);
  const state = action.state;
  return (
    <Form
      binding={action}
      className="space-y-3"
      confirmation={{ title: "Delete plan", body: `Delete the plan ${name}?`, confirmLabel: "Delete", danger: true }}
    >
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="planId" value={planId} />
      <FormMessage state={state} />
      <p className="text-sm text-slate-600">Only an empty plan can be deleted.</p>
      <SubmitButton variant="danger">Delete plan</SubmitButton>
    </Form>
  );
}
