"use client";

import { useCallback, useId, useMemo, useState } from "react";
import { assignGatewaysAction } from "@/actions/plans/assign-gateways-to-plan";
import { AsyncCombobox, type ComboboxOption } from "@/components/ui/async-combobox";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, fieldLabelClasses, FieldNotes } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { searchAssignableGatewayOptions } from "./search-assignable-gateway-options";

/**
 * A plan's "Assign gateways" (docs/gateways-and-plans.md#assign-gateways): gateways are searched on
 * the server by name or serial number and picked one by one into "Gateways to assign", then assigned
 * together. The page never carries the candidates (an MSSP has 20,000 gateways); each pick travels
 * as a hidden `gatewayIds`, so the action is the one the checkbox list had. A refused submit keeps
 * the picks; a success empties them.
 */
export function AssignGatewaysForm({ accountId, planId }: { accountId: string; planId: string }) {
  const action = useFormAction(assignGatewaysAction);
  const state = action.state;
  // Picks remember the answer they were made after: a success that comes later empties them (it assigned
  // them); a refusal keeps them.
  const [picked, setPicked] = useState<{ after: number; gateways: ComboboxOption[] }>({ after: 0, gateways: [] });
  const chosen = useMemo(() => (state.status === "ok" && state.at !== picked.after ? [] : picked.gateways), [state, picked]);
  const pick = (gateways: ComboboxOption[]) => setPicked({ after: state.at ?? 0, gateways });
  const search = useCallback(
    async (query: string, signal: AbortSignal) => {
      const options = await searchAssignableGatewayOptions(accountId, planId, query, signal);
      return options.filter((option) => !chosen.some((gateway) => gateway.value === option.value));
    },
    [accountId, planId, chosen],
  );
  const id = `assign-gateways-${useId().replace(/:/g, "")}`;
  const errors = state.status === "error" ? state.fieldErrors?.gatewayIds : undefined;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="planId" value={planId} />
      <FormMessage state={state} />
      <div className="space-y-1">
        <AsyncCombobox
          label="Add a gateway"
          showLabel
          labelClassName={fieldLabelClasses}
          look="field"
          searchLabel="Search gateways by name or serial number"
          placeholder="Name or serial number"
          optionsLabel="Gateways not in this plan"
          emptyText="No gateway outside this plan matches."
          selectedText="Choose a gateway…"
          value={null}
          search={search}
          field={{ invalid: Boolean(errors?.length), describedBy: fieldDescribedBy(id, errors, "Gateways of this plan's account and its clients; one in another plan moves here.") }}
          onSelect={(option) => {
            if (option && !chosen.some((gateway) => gateway.value === option.value)) pick([...chosen, option]);
          }}
        />
        <FieldNotes id={id} hint="Gateways of this plan's account and its clients; one in another plan moves here." errors={errors} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Gateways to assign</legend>
        {chosen.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">None chosen yet.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {chosen.map((gateway) => (
              <li key={gateway.value} className="flex items-start justify-between gap-2">
                <span className="min-w-0">
                  <input type="hidden" name="gatewayIds" value={gateway.value} />
                  <span className="font-medium text-slate-900">{gateway.label}</span>
                  {gateway.hint && <span className="block text-xs text-slate-600">{gateway.hint}</span>}
                </span>
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  aria-label={`Remove ${gateway.label}`}
                  onClick={() => pick(chosen.filter((other) => other.value !== gateway.value))}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <SubmitButton variant="secondary">Assign to plan</SubmitButton>
    </Form>
  );
}
