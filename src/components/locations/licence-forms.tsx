"use client";

import { useCallback, useRef, useState } from "react";
import type { LocationSector } from "@/generated/prisma/enums";
import { changeLicenceAccessAction } from "@/actions/licences/change-licence-access";
import { requestLicenceAction } from "@/actions/licences/request-licence";
import { ComboboxField } from "@/components/ui/combobox-field";
import { fetchMatches } from "@/components/ui/fetch-matches";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { LICENCE_MODULE_CODES, LICENCE_MODULES, locationLabel, PAYMENT_LABEL } from "@/lib/labels";

/** A location as the licence request's search answers it, with the partners a licence for it may name. */
interface LicensableLocation {
  id: string;
  name: string;
  sector: LocationSector;
  accountName: string;
  partners: { id: string; name: string }[];
}

/**
 * docs/location-licences.md#licence-request: the data necessary for the application of a License.
 * A distributor can have thousands of locations below it, so "ID Location" is searched on the
 * server (docs/screens.md#async-combobox); each match brings the partners the request accepts
 * for it (the MSSPs it sits below), which "Partner/integrator" then offers, nearest first.
 */
export function LicenceRequestForm({ accountId, distributor }: { accountId: string; distributor: { id: string; name: string } }) {
  const action = useFormAction(requestLicenceAction);
  const state = action.state;
  const [location, setLocation] = useState<LicensableLocation | null>(null);
  // The last answers, to read the chosen one's partners and sector back by its id.
  const answered = useRef(new Map<string, LicensableLocation>());
  const searchLocations = useCallback(async (query: string, signal: AbortSignal) => {
    const locations = await fetchMatches<LicensableLocation>(`/a/${accountId}/licences/locations/search?${new URLSearchParams({ q: query })}`, "locations", signal);
    answered.current = new Map(locations.map((candidate) => [candidate.id, candidate]));
    return locations.map((candidate) => ({ value: candidate.id, label: locationLabel(candidate) }));
  }, [accountId]);
  return (
    <Form binding={action} className="grid grid-cols-1 gap-4 md:grid-cols-2" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <div className="md:col-span-2">
        <FormMessage state={state} />
      </div>
      <ComboboxField
        label="ID Location"
        name="locationId"
        selected={null}
        placeholderText="Choose a location"
        onChange={(choice) => setLocation((choice && answered.current.get(choice.value)) ?? null)}
        search={searchLocations}
        searchLabel="Search locations by site or organization"
        placeholder="Site or organization"
        optionsLabel="Locations below this distributor"
        emptyText="No location matches."
        errors={state.fieldErrors?.locationId}
      />
      <SelectField
        key={location?.id ?? ""}
        label="Partner/integrator"
        name="partnerAccountId"
        defaultValue={state.values?.partnerAccountId}
        options={location ? location.partners.map((partner) => ({ value: partner.id, label: partner.name })) : [{ value: "", label: "Choose a location first" }]}
        errors={state.fieldErrors?.partnerAccountId}
      />
      <SelectField
        label="Distributor/Wholesaler"
        name="distributorAccountId"
        defaultValue={state.values?.distributorAccountId}
        options={[{ value: distributor.id, label: distributor.name }]}
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
        label={location?.sector === "HOSPITALITY" ? "Nº of rooms" : "Nº APs"}
        name="units"
        type="number"
        min={1}
        defaultValue={state.values?.units ?? "10"}
        hint={location?.sector === "HOSPITALITY" ? "Hospitality: the licence counts rooms." : "Access points the licence allows."}
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
