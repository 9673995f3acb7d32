"use client";

import { useCallback, useState } from "react";
import { assignAccessPointsAction } from "@/actions/locations/assign-access-points";
import { createLocationAction } from "@/actions/locations/create-location";
import { removeAccessPointAction } from "@/actions/locations/remove-access-point";
import { sendKeyAction } from "@/actions/locations/send-licence-key";
import { updateLocationAction } from "@/actions/locations/update-location";
import { searchOwnerOptions } from "@/components/accounts/search-account-options";
import { Button } from "@/components/ui/button";
import { ComboboxField } from "@/components/ui/combobox-field";
import { SelectField, TextField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { SECTOR_LABEL, SECTORS, START_WARNING } from "@/lib/labels";

const SECTOR_OPTIONS = SECTORS.map((sector) => ({ value: sector, label: SECTOR_LABEL[sector] }));

interface LocationValues {
  name: string;
  address: string;
  sector: string;
  rooms: number;
}

function LocationFields({ values, errors, fallback }: { values?: Record<string, string>; errors?: Record<string, string[]>; fallback?: LocationValues }) {
  const [sector, setSector] = useState(values?.sector ?? fallback?.sector ?? "RETAIL");
  return (
    <>
      <TextField label="Site name" name="name" defaultValue={values?.name ?? fallback?.name} errors={errors?.name} />
      <TextField label="Address" name="address" defaultValue={values?.address ?? fallback?.address} errors={errors?.address} />
      <SelectField
        label="Sector"
        name="sector"
        value={sector}
        onChange={(event) => setSector(event.target.value)}
        options={SECTOR_OPTIONS}
        hint="Hospitality licenses rooms instead of access points."
        errors={errors?.sector}
      />
      {sector === "HOSPITALITY" && (
        <TextField label="Rooms" name="rooms" type="number" min={0} defaultValue={values?.rooms ?? String(fallback?.rooms ?? 0)} errors={errors?.rooms} />
      )}
    </>
  );
}

/** A new location; its organisation is searched on the server (an MSSP has 1,000 customers), starting from `owner`. */
export function CreateLocationForm({ accountId, owner }: { accountId: string; owner: { id: string; name: string } }) {
  const action = useFormAction(createLocationAction);
  const state = action.state;
  const searchOwners = useCallback((query: string, signal: AbortSignal) => searchOwnerOptions(accountId, query, signal), [accountId]);
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <ComboboxField
        label="Organization"
        name="ownerAccountId"
        selected={{ value: owner.id, label: owner.name }}
        search={searchOwners}
        searchLabel="Search accounts by name"
        placeholder="Account name"
        optionsLabel="Accounts that may own the location"
        emptyText="No account matches."
        errors={state.fieldErrors?.ownerAccountId}
      />
      <LocationFields values={state.values} errors={state.fieldErrors} />
      <SubmitButton pendingLabel="Creating…">Create location</SubmitButton>
    </Form>
  );
}

export function EditLocationForm({ accountId, locationId, location }: { accountId: string; locationId: string; location: LocationValues }) {
  const action = useFormAction(updateLocationAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="locationId" value={locationId} />
      <FormMessage state={state} />
      <LocationFields values={state.status === "error" ? state.values : undefined} errors={state.fieldErrors} fallback={location} />
      <SubmitButton variant="secondary">Save location</SubmitButton>
    </Form>
  );
}

export function AssignAccessPointsForm({ accountId, locationId, candidates }: { accountId: string; locationId: string; candidates: { id: string; label: string }[] }) {
  const action = useFormAction(assignAccessPointsAction);
  const state = action.state;
  if (candidates.length === 0) return <p className="text-sm text-slate-600">No unassigned access point on this organization. Access points appear once they report telemetry or are registered on the Devices page.</p>;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="locationId" value={locationId} />
      <FormMessage state={state} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Access points to configure</legend>
        <ul className="mt-2 max-h-56 space-y-1 overflow-y-auto text-sm">
          {candidates.map((device) => (
            <li key={device.id}>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="deviceIds" value={device.id} className="h-4 w-4 rounded border-slate-300" />
                {device.label}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {state.fieldErrors?.deviceIds && <p className="text-xs font-medium text-red-700">{state.fieldErrors.deviceIds.join(" ")}</p>}
      <SubmitButton variant="secondary">Configure access points</SubmitButton>
    </Form>
  );
}

export function RemoveAccessPointForm({ accountId, locationId, deviceId, label }: { accountId: string; locationId: string; deviceId: string; label: string }) {
  const action = useFormAction(removeAccessPointAction);
  const state = action.state;
  return (
    <Form binding={action} className="inline">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="locationId" value={locationId} />
      <input type="hidden" name="deviceId" value={deviceId} />
      <SubmitButton variant="ghost" size="sm" aria-label={`Remove ${label}`}>
        Remove
      </SubmitButton>
      {state.status === "error" && <span role="alert" className="ml-2 text-xs text-red-700">{state.message}</span>}
    </Form>
  );
}

/** docs/location-licences.md#send-key: "click on the button License … add the License Number and click on Send Key". */
export function SendKeyPanel({ accountId, locationId }: { accountId: string; locationId: string }) {
  const [open, setOpen] = useState(false);
  const action = useFormAction(sendKeyAction);
  const state = action.state;
  return (
    <div className="space-y-3">
      <Button variant="primary" aria-expanded={open} aria-controls="send-key-form" onClick={() => setOpen((value) => !value)}>
        License
      </Button>
      <div id="send-key-form" hidden={!open && state.status === "idle"}>
        <Form binding={action} className="space-y-3" noValidate>
          <input type="hidden" name="accountId" value={accountId} />
          <input type="hidden" name="locationId" value={locationId} />
          <FormMessage state={state} />
          <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            {START_WARNING}
          </p>
          <TextField
            label="License Number"
            name="key"
            autoComplete="off"
            spellCheck={false}
            placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"
            defaultValue={state.status === "error" ? state.values?.key : ""}
            errors={state.fieldErrors?.key}
          />
          <SubmitButton pendingLabel="Sending…">Send Key</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
