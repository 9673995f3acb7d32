"use client";

import { useState } from "react";
import type { AccountKind, ContractType } from "@/generated/prisma/enums";
import { addContractAction } from "@/actions/contracts/add-contract";
import { AddOnChoices, TrialExpiryChoice } from "./contract-choices";
import { ButtonLink } from "@/components/ui/button";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { CONTRACT_TYPE_LABEL } from "@/lib/labels";
import type { CatalogueService } from "@/server/contracts/get-catalogue";

/** Evaluations come from the User Center; NFR is for Partner – MSSP accounts only. */
function addableTypes(service: CatalogueService | undefined, accountKind: AccountKind): ContractType[] {
  if (!service) return [];
  return service.contractTypes.filter((type) => type !== "EVALUATION" && (type !== "NFR" || accountKind === "MSSP"));
}

export function AddContractForm({
  accountId,
  accountKind,
  catalogue,
}: {
  accountId: string;
  accountKind: AccountKind;
  catalogue: CatalogueService[];
}) {
  const action = useFormAction(addContractAction);
  const state = action.state;
  const values = state.status === "error" ? (state.values ?? {}) : {};
  const [serviceId, setServiceId] = useState(values.service ?? "");
  const service = catalogue.find((entry) => entry.id === serviceId);
  const types = addableTypes(service, accountKind);
  const [chosenType, setType] = useState<string>(values.type ?? "");
  const type = types.includes(chosenType as ContractType) ? (chosenType as ContractType) : types[0];
  const errors = state.fieldErrors ?? {};
  const isNfr = type === "NFR";

  return (
    <Form
      binding={action}
      className="max-w-2xl space-y-5 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200"
      noValidate
    >
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <SelectField
        label="Service name"
        name="service"
        value={serviceId}
        onChange={(event) => setServiceId(event.target.value)}
        options={[{ value: "", label: "Choose a service…" }, ...catalogue.map((entry) => ({ value: entry.id, label: entry.name }))]}
        errors={errors.service}
      />
      {service && (
        <>
          <fieldset>
            <legend className="block text-sm font-medium text-slate-700">Contract type</legend>
            <div className="mt-2 flex flex-wrap gap-4">
              {types.map((option) => (
                <label key={option} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name="type"
                    value={option}
                    checked={type === option}
                    onChange={() => setType(option)}
                    className="h-4 w-4 border-slate-300"
                  />
                  {CONTRACT_TYPE_LABEL[option]}
                </label>
              ))}
            </div>
            {errors.type && <p className="mt-1 text-xs font-medium text-red-700">{errors.type.join(" ")}</p>}
            {accountKind !== "MSSP" && service.contractTypes.includes("NFR") && (
              <p className="mt-1 text-xs text-slate-500">Not For Resale is available only for Partner – MSSP accounts.</p>
            )}
          </fieldset>

          {isNfr ? (
            <div className="space-y-4 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200">
              <p className="text-sm text-slate-700">
                A Not For Resale contract lets the MSSP test the service. It is valid for 7 years, has the service&apos;s
                predefined units, cannot be edited, and can be added only once per account and service.
              </p>
              <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
                <TextField label="Quantity threshold" name="nfrUnitsShown" value={String(service.nfrUnits ?? 1)} disabled readOnly />
                <TextField label="Package (SKU)" name="nfrPackageShown" value={service.packages[0]?.sku ?? ""} disabled readOnly />
              </div>
            </div>
          ) : (
            <>
              <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
                <SelectField
                  label="Package (SKU)"
                  name="packageSku"
                  defaultValue={values.packageSku}
                  options={service.packages.map((pkg) => ({ value: pkg.sku, label: `${pkg.name} (${pkg.sku})` }))}
                  errors={errors.packageSku}
                />
                <TextField
                  label="Quantity threshold"
                  name="quantity"
                  type="number"
                  min={1}
                  defaultValue={values.quantity}
                  hint={type === "PAYG" ? "Not enforced; usage is billed and shown against it." : "Maximum units; not enforced, not billed."}
                  errors={errors.quantity}
                />
              </div>
              {service.addOns.length > 0 && (
                <AddOnChoices legend="AddOns" name="addOns" addOns={service.addOns} errors={errors.addOns} />
              )}
              {type === "SUBSCRIPTION" && (
                <TextField
                  label="Order / User Center reference"
                  name="subscriptionReference"
                  defaultValue={values.subscriptionReference}
                  hint="The paid subscription this contract bills by."
                  errors={errors.subscriptionReference}
                />
              )}
              {type === "TRIAL" && (
                <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
                  <TrialExpiryChoice defaultValue={values.trialExpiryAction} />
                  <TextField label="Trial days" name="trialDays" type="number" min={1} max={90} defaultValue={values.trialDays ?? "30"} errors={errors.trialDays} />
                </div>
              )}
            </>
          )}
        </>
      )}
      <div className="flex items-center gap-3">
        <SubmitButton pendingLabel="Adding…" disabled={!service || !type}>
          Add
        </SubmitButton>
        <ButtonLink variant="secondary" href={`/a/${accountId}/contracts`}>
          Cancel
        </ButtonLink>
      </div>
    </Form>
  );
}
