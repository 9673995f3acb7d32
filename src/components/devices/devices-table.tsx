"use client";

import { pairDeviceAction } from "@/actions/devices/pair-device";
import { registerDeviceAction } from "@/actions/devices/register-device";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { AsyncCombobox } from "@/components/ui/async-combobox";
import { searchEndUserOptions } from "@/components/end-users/search-end-user-options";
import { Form, useFormAction, type FormBinding } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { DeviceRow } from "@/server/devices/list-devices";
import { DEVICE_KIND_LABEL } from "@/lib/labels";
import { useCallback, useState, useTransition } from "react";

const when = (date: Date | null) => (date ? new Date(date).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—");

export function DevicesTable({
  accountId,
  rows,
  canManage,
}: {
  accountId: string;
  rows: DeviceRow[];
  canManage: boolean;
}) {
  const action = useFormAction(pairDeviceAction);
  const state = action.state;
  const columns: ColumnDef<DeviceRow, unknown>[] = [
    {
      id: "externalId",
      header: "Device id",
      cell: ({ row }) => (
        <span>
          <span className="font-mono text-xs">{row.original.externalId}</span>
          {row.original.name && <span className="block text-xs text-slate-500">{row.original.name}</span>}
        </span>
      ),
    },
    { id: "kind", meta: { priority: "default" }, header: "Kind", cell: ({ row }) => DEVICE_KIND_LABEL[row.original.kind] },
    { id: "account", meta: { priority: "default" }, header: "Account", cell: ({ row }) => row.original.accountName },
    {
      id: "pairing",
      header: "Paired to",
      cell: ({ row }) =>
        canManage && row.original.kind !== "GATEWAY" && row.original.kind !== "ACCESS_POINT" && row.original.accountId === accountId ? (
          <PairingCell accountId={accountId} device={row.original} binding={action} />
        ) : (
          row.original.endUser ?? (row.original.gatewayName ? `Gateway ${row.original.gatewayName}` : "Standalone")
        ),
    },
    { id: "lastSeen", meta: { priority: "optional" }, header: "Last seen", cell: ({ row }) => when(row.original.lastSeenAt) },
    { id: "registeredBy", meta: { priority: "optional" }, header: "Registered by", cell: ({ row }) => row.original.registeredBy },
  ];
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <DataTable data={rows} columns={columns} caption="Devices" storageKey="devices" sortable={["externalId", "kind", "account", "lastSeen"]} getRowId={(row) => row.id} />
    </div>
  );
}

/**
 * "Paired to" of a device the caller may change: a combobox that searches the
 * account's end users on the server and saves the choice at once through the
 * pairing action (the table shows the action's message above it).
 */
function PairingCell({ accountId, device, binding }: { accountId: string; device: DeviceRow; binding: FormBinding }) {
  const [pending, startTransition] = useTransition();
  // Shown while saving; the refreshed row replaces it (or the old choice returns on a refusal).
  const [chosen, setChosen] = useState<{ id: string | null; label: string } | null>(null);
  const search = useCallback((query: string, signal: AbortSignal) => searchEndUserOptions(accountId, query, signal), [accountId]);
  const current = pending && chosen ? chosen : { id: device.endUserId, label: device.endUser };
  return (
    <AsyncCombobox
      label={`End user of ${device.externalId}`}
      searchLabel="Search end users by name or id"
      placeholder="Name or user id"
      optionsLabel="Matching end users"
      selectedText={current.id ? `Paired to ${current.label}` : "Standalone"}
      value={current.id}
      noneOption="Standalone"
      emptyText="No end user of this account matches."
      search={search}
      pending={pending}
      onSelect={(option) => {
        setChosen({ id: option?.value ?? null, label: option?.label ?? "" });
        const data = new FormData();
        data.set("accountId", accountId);
        data.set("deviceId", device.id);
        data.set("endUserId", option?.value ?? "");
        startTransition(() => binding.action(data));
      }}
    />
  );
}

export function RegisterDeviceForm({ accountId, kinds }: { accountId: string; kinds: { value: string; label: string }[] }) {
  const action = useFormAction(registerDeviceAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3" noValidate key={state.status === "ok" ? state.at : undefined}>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <TextField label="Device id" name="externalId" hint="The id it reports in telemetry (for a gateway: its serial number)." errors={state.fieldErrors?.externalId} />
      <SelectField label="Kind" name="kind" options={kinds} errors={state.fieldErrors?.kind} />
      <TextField label="Name (optional)" name="name" errors={state.fieldErrors?.name} />
      <SubmitButton>Register device</SubmitButton>
    </Form>
  );
}
