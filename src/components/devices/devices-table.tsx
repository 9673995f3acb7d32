"use client";

import { pairDeviceAction } from "@/actions/devices/pair-device";
import { registerDeviceAction } from "@/actions/devices/register-device";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField, controlClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { DeviceRow } from "@/server/devices/list-devices";
import { DEVICE_KIND_LABEL } from "@/lib/labels";

const when = (date: Date | null) => (date ? new Date(date).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—");

export function DevicesTable({
  accountId,
  rows,
  endUsers,
  canManage,
}: {
  accountId: string;
  rows: DeviceRow[];
  endUsers: { id: string; name: string; externalId: string }[];
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
          <Form binding={action} className="flex items-center gap-1">
            <input type="hidden" name="accountId" value={accountId} />
            <input type="hidden" name="deviceId" value={row.original.id} />
            <label className="sr-only" htmlFor={`pair-${row.original.id}`}>
              End user of {row.original.externalId}
            </label>
            <select id={`pair-${row.original.id}`} name="endUserId" defaultValue={row.original.endUserId ?? ""} className={`${controlClasses} w-40 py-1`}>
              <option value="">Standalone</option>
              {endUsers.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name || user.externalId}
                </option>
              ))}
            </select>
            <SubmitButton size="sm" variant="secondary" aria-label={`Save pairing of ${row.original.externalId}`}>
              Save
            </SubmitButton>
          </Form>
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
