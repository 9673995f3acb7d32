"use client";

import { useState } from "react";
import { changeLicenceAccessAction } from "@/actions/licences/change-licence-access";
import { requestLicenceAction } from "@/actions/licences/request-licence";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { LICENCE_MODULE_CODES, LICENCE_MODULES, PAYMENT_LABEL } from "@/lib/labels";

export interface RequestOptions {
  locations: { id: string; label: string; hospitality: boolean; path: string }[];
  partners: { id: string; name: string; path: string }[];
  distributors: { id: string; name: string }[];
}

/** docs/location-licences.md#licence-request: the data necessary for the application of a License. */
export function LicenceRequestForm({ accountId, options }: { accountId: string; options: RequestOptions }) {
  const action = useFormAction(requestLicenceAction);
  const state = action.state;
  const [locationId, setLocationId] = useState(state.values?.locationId ?? options.locations[0]?.id ?? "");
  const location = options.locations.find((candidate) => candidate.id === locationId);
  // The partner/integrator the location belongs to comes first.
  const above = (partner: { path: string }) => Boolean(location?.path.startsWith(partner.path));
  const partners = [...options.partners].sort((a, b) => Number(above(b)) - Number(above(a)) || b.path.length - a.path.length || a.name.localeCompare(b.name));
  return (
    <Form binding={action} className="grid grid-cols-1 gap-4 md:grid-cols-2" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <div className="md:col-span-2">
        <FormMessage state={state} />
      </div>
      <SelectField
        label="ID Location"
        name="locationId"
        value={locationId}
        onChange={(event) => setLocationId(event.target.value)}
        options={options.locations.map((candidate) => ({ value: candidate.id, label: candidate.label }))}
        errors={state.fieldErrors?.locationId}
      />
      <SelectField
        key={locationId}
        label="Partner/integrator"
        name="partnerAccountId"
        defaultValue={state.values?.partnerAccountId}
        options={partners.map((partner) => ({ value: partner.id, label: partner.name }))}
        errors={state.fieldErrors?.partnerAccountId}
      />
      <SelectField
        label="Distributor/Wholesaler"
        name="distributorAccountId"
        defaultValue={state.values?.distributorAccountId}
        options={options.distributors.map((distributor) => ({ value: distributor.id, label: distributor.name }))}
        errors={state.fieldErrors?.distributorAccountId}
      />
      <SelectField
        label="Number of years of contract"
        name="years"
        defaultValue={state.values?.years ?? "1"}
        options={[1, 2, 3, 4, 5].map((years) => ({ value: String(years), label: `${years} year${years > 1 ? "s" : ""}` }))}
        errors={state.fieldErrors?.years}
      />
      <SelectField
        label="Form of payment"
        name="payment"
        defaultValue={state.values?.payment ?? "ANNUAL"}
        options={(["MONTHLY", "ANNUAL"] as const).map((payment) => ({ value: payment, label: PAYMENT_LABEL[payment] }))}
        errors={state.fieldErrors?.payment}
      />
      <TextField
        label={location?.hospitality ? "Nº of rooms" : "Nº APs"}
        name="units"
        type="number"
        min={1}
        defaultValue={state.values?.units ?? "10"}
        hint={location?.hospitality ? "Hospitality: the licence counts rooms." : "Access points the licence allows."}
        errors={state.fieldErrors?.units}
      />
      <fieldset className="md:col-span-2">
        <legend className="text-sm font-medium text-slate-700">Advanced modules to be hired</legend>
        <div className="mt-2 grid gap-1 text-sm sm:grid-cols-3">
          {LICENCE_MODULE_CODES.map((code) => (
            <CheckboxField key={code} name="modules" value={code} label={LICENCE_MODULES[code]} />
          ))}
        </div>
        {state.fieldErrors?.modules && <p className="text-xs font-medium text-red-700">{state.fieldErrors.modules.join(" ")}</p>}
      </fieldset>
      <div className="md:col-span-2">
        <SubmitButton pendingLabel="Generating…">Generate license</SubmitButton>
      </div>
    </Form>
  );
}

export function LicenceAccessForm({ accountId, licenceId, denied }: { accountId: string; licenceId: string; denied: boolean }) {
  const action = useFormAction(changeLicenceAccessAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="licenceId" value={licenceId} />
      <input type="hidden" name="change" value={denied ? "lift" : "deny"} />
      <FormMessage state={state} />
      <TextField
        label={denied ? "Reason to restore access" : "Contractual cause"}
        name="reason"
        defaultValue={state.status === "error" ? state.values?.reason : ""}
        errors={state.fieldErrors?.reason}
      />
      <SubmitButton variant={denied ? "secondary" : "danger"}>{denied ? "Restore access" : "Deny access"}</SubmitButton>
    </Form>
  );
}
