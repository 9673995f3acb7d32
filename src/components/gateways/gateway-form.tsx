"use client";

import { useCallback, useState } from "react";
import type { LicenceType } from "@/generated/prisma/enums";
import { gatewayLockAction } from "@/actions/gateways/set-gateway-lock";
import { registerGatewayAction } from "@/actions/gateways/register-gateway";
import { removeGatewayAction } from "@/actions/gateways/remove-gateway";
import { updateGatewayAction } from "@/actions/gateways/update-gateway";
import { searchOwnerOptions } from "@/components/accounts/search-account-options";
import { ButtonLink } from "@/components/ui/button";
import { searchGatewayPlanOptions } from "@/components/plans/search-plan-options";
import { ComboboxField } from "@/components/ui/combobox-field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { LICENCE_TYPE_LABEL } from "@/lib/labels";

/**
 * Register or edit a gateway. "Owning account" and "Plan" are server-searched comboboxes
 * (docs/screens.md#async-combobox): an MSSP has 1,000 accounts and 2,000 plans, so the page
 * carries only the current choices. The plans offered are those of the chosen owner and the
 * accounts above it, the set saving accepts (`gatewayPlanWhere`); changing the owner keeps the
 * plan, which saving then checks against the new owner.
 */
export function GatewayForm({
  contextAccountId,
  owner,
  plan,
  gateway,
}: {
  contextAccountId: string;
  /** The owner the form starts from: the gateway's, or the account being viewed for a new one. */
  owner: { id: string; name: string };
  plan: { id: string; name: string } | null;
  gateway: { id?: string; name?: string; serialNumber?: string; firmwareVersion?: string };
}) {
  const action = useFormAction(gateway.id ? updateGatewayAction : registerGatewayAction);
  const state = action.state;
  const errors = state.fieldErrors ?? {};
  const values = { ...gateway, ...(state.status === "error" ? state.values : {}) };
  const [ownerId, setOwnerId] = useState(owner.id);
  const searchOwners = useCallback((query: string, signal: AbortSignal) => searchOwnerOptions(contextAccountId, query, signal), [contextAccountId]);
  const searchPlans = useCallback((query: string, signal: AbortSignal) => searchGatewayPlanOptions(contextAccountId, ownerId, query, signal), [contextAccountId, ownerId]);
  return (
    <Form binding={action} className="max-w-2xl space-y-4" noValidate>
      <input type="hidden" name="contextAccountId" value={contextAccountId} />
      {gateway.id && <input type="hidden" name="gatewayId" value={gateway.id} />}
      <FormMessage state={state} success="Gateway saved." />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" defaultValue={values.name} errors={errors.name} />
        <TextField label="Serial number" name="serialNumber" defaultValue={values.serialNumber} errors={errors.serialNumber} />
        <TextField label="Firmware version" name="firmwareVersion" placeholder="R82.10" defaultValue={values.firmwareVersion} errors={errors.firmwareVersion} />
        <ComboboxField
          label="Owning account"
          name="accountId"
          selected={{ value: owner.id, label: owner.name }}
          onChange={(choice) => choice && setOwnerId(choice.value)}
          search={searchOwners}
          searchLabel="Search accounts by name"
          placeholder="Account name"
          optionsLabel="Accounts that may own the gateway"
          emptyText="No account matches."
          errors={errors.accountId}
        />
      </div>
      <ComboboxField
        label="Plan"
        name="planId"
        selected={plan ? { value: plan.id, label: plan.name } : null}
        noneLabel="No plan"
        search={searchPlans}
        searchLabel="Search plans by name"
        placeholder="Plan name"
        optionsLabel="Plans of the owning account and the accounts above it"
        emptyText="No plan matches."
        hint="Plans of the owning account or of an account above it."
        errors={errors.planId}
      />
      <div className="flex gap-3">
        <SubmitButton>{gateway.id ? "Save gateway" : "Register gateway"}</SubmitButton>
        <ButtonLink variant="secondary" href={`/a/${contextAccountId}/gateways`}>
          Back to gateways
        </ButtonLink>
      </div>
    </Form>
  );
}

export function GatewayLicencePanel({
  contextAccountId,
  gatewayId,
  lockedToPlan,
  hasPlan,
  planName,
  ownLicenceType,
  effective,
  supportsPayg,
  canManage,
}: {
  contextAccountId: string;
  gatewayId: string;
  lockedToPlan: boolean;
  hasPlan: boolean;
  planName: string | null;
  ownLicenceType: LicenceType;
  effective: LicenceType;
  supportsPayg: boolean;
  canManage: boolean;
}) {
  const action = useFormAction(gatewayLockAction);
  const state = action.state;
  const [choice, setChoice] = useState<LicenceType>(ownLicenceType);
  const following = hasPlan && lockedToPlan;
  return (
    <div className="space-y-3 text-sm">
      <FormMessage state={state} />
      <p>
        {following ? `Follows the plan ${planName}: ` : hasPlan ? `Unlocked from plan ${planName}: ` : "No plan: "}
        <strong>{LICENCE_TYPE_LABEL[effective]}</strong>.
      </p>
      {!supportsPayg && <p className="text-slate-600">Firmware below R82.00.00: Pay-As-You-Go is not available for this gateway.</p>}
      {canManage && (
        <Form binding={action} className="space-y-3">
          <input type="hidden" name="contextAccountId" value={contextAccountId} />
          <input type="hidden" name="gatewayId" value={gatewayId} />
          {following ? (
            <>
              <input type="hidden" name="mode" value="unlock" />
              <fieldset>
                <legend className="font-medium text-slate-700">Own licence type after unlocking</legend>
                {(["SUBSCRIPTION", "PAYG"] as const).map((type) => (
                  <label key={type} className="mt-1 flex items-center gap-2">
                    <input type="radio" name="licenceType" value={type} checked={choice === type} onChange={() => setChoice(type)} />
                    {LICENCE_TYPE_LABEL[type]}
                  </label>
                ))}
              </fieldset>
              <SubmitButton variant="secondary">Unlock from plan</SubmitButton>
            </>
          ) : (
            <>
              <fieldset>
                <legend className="font-medium text-slate-700">Licence type</legend>
                {(["SUBSCRIPTION", "PAYG"] as const).map((type) => (
                  <label key={type} className="mt-1 flex items-center gap-2">
                    <input type="radio" name="licenceType" value={type} checked={choice === type} onChange={() => setChoice(type)} />
                    {LICENCE_TYPE_LABEL[type]}
                  </label>
                ))}
              </fieldset>
              <div className="flex flex-wrap gap-2">
                <SubmitButton variant="secondary" name="mode" value="unlock">
                  Apply licence type
                </SubmitButton>
                {hasPlan && (
                  <SubmitButton variant="ghost" name="mode" value="lock">
                    Lock to plan
                  </SubmitButton>
                )}
              </div>
            </>
          )}
        </Form>
      )}
    </div>
  );
}

export function RemoveGatewayForm({ contextAccountId, gatewayId, name }: { contextAccountId: string; gatewayId: string; name: string }) {
  const action = useFormAction(removeGatewayAction);
  const state = action.state;
  return (
    <Form
      binding={action}
      confirmation={{ title: "Remove gateway", body: `Remove the gateway ${name}?`, confirmLabel: "Remove", danger: true }}
      className="space-y-2"
    >
      <input type="hidden" name="contextAccountId" value={contextAccountId} />
      <input type="hidden" name="gatewayId" value={gatewayId} />
      <FormMessage state={state} />
      <SubmitButton variant="danger">Remove gateway</SubmitButton>
    </Form>
  );
}
