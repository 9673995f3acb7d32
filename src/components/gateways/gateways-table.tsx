"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import type { VisibilityState } from "@tanstack/react-table";
import { saveGatewayColumnsAction } from "@/actions/gateways/save-gateway-columns";
import { Badge } from "@/components/ui/badge";
import { usePopover } from "@/components/ui/use-popover";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { GATEWAY_STATUS_LABEL, LICENCE_TYPE_LABEL } from "@/lib/labels";
import type { GatewayRow } from "@/server/gateways/list-gateways";

const COLUMN_LABELS: Record<string, string> = {
  name: "Name",
  account: "Account",
  plan: "Plan",
  firmware: "Firmware",
  lastSeen: "Last seen",
  status: "Status",
  // Column ids are stored in each person's saved column choice, so this one keeps its old id.
  licenseType: "License type",
};
const STATUS_TONE = { ONLINE: "green", OFFLINE: "amber", NEVER_SEEN: "slate" } as const;

export function GatewaysTable({ accountId, rows, visibleColumns }: { accountId: string; rows: GatewayRow[]; visibleColumns: string[] }) {
  const [visible, setVisible] = useState<string[]>(visibleColumns);
  const { open, setOpen, containerRef } = usePopover();
  const [, startTransition] = useTransition();
  const visibility: VisibilityState = Object.fromEntries(Object.keys(COLUMN_LABELS).map((id) => [id, id === "name" || visible.includes(id)]));

  const toggle = (id: string, show: boolean) => {
    const next = show ? [...new Set([...visible, id])] : visible.filter((column) => column !== id);
    setVisible(next);
    startTransition(() => saveGatewayColumnsAction(next));
  };

  const columns: ColumnDef<GatewayRow, unknown>[] = [
    {
      id: "name",
      header: "Name",
      cell: ({ row }) => (
        <Link className="font-medium text-brand-700 hover:underline" href={`/a/${accountId}/gateways/${row.original.id}`}>
          {row.original.name}
          <span className="block text-xs font-normal text-slate-500">{row.original.serialNumber}</span>
        </Link>
      ),
    },
    { id: "account", header: "Account", cell: ({ row }) => row.original.accountName },
    {
      id: "plan",
      header: "Plan",
      cell: ({ row }) => (
        <span>
          {row.original.planName ?? <span className="text-slate-500">—</span>}
          {!row.original.lockedToPlan && row.original.planName && <span className="block text-xs text-slate-500">unlocked from plan</span>}
        </span>
      ),
    },
    { id: "firmware", header: "Firmware", cell: ({ row }) => row.original.firmwareVersion },
    {
      id: "lastSeen",
      header: "Last seen",
      cell: ({ row }) => (row.original.lastSeenAt ? new Date(row.original.lastSeenAt).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—"),
    },
    { id: "status", header: "Status", cell: ({ row }) => <Badge tone={STATUS_TONE[row.original.status]}>{GATEWAY_STATUS_LABEL[row.original.status]}</Badge> },
    {
      id: "licenseType",
      header: "License type",
      cell: ({ row }) => <Badge tone={row.original.licenceType === "PAYG" ? "violet" : "blue"}>{LICENCE_TYPE_LABEL[row.original.licenceType]}</Badge>,
    },
  ];

  return (
    <div className="space-y-2">
      <div ref={containerRef} className="relative">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="gateway-column-selector"
          onClick={() => setOpen((value) => !value)}
          className="inline-flex items-center gap-1 rounded-md bg-white px-2.5 py-1.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
        >
          <span aria-hidden="true">☰</span> Columns
        </button>
        <fieldset id="gateway-column-selector" hidden={!open} className="absolute left-0 z-20 mt-1 w-56 rounded-md bg-white p-3 text-sm shadow-lg ring-1 ring-slate-200">
          <legend className="sr-only">Visible columns</legend>
          {Object.entries(COLUMN_LABELS)
            .filter(([id]) => id !== "name")
            .map(([id, label]) => (
              <label key={id} className="flex items-center gap-2 py-0.5">
                <input type="checkbox" checked={visible.includes(id)} onChange={(event) => toggle(id, event.target.checked)} />
                {label}
              </label>
            ))}
        </fieldset>
      </div>
      <DataTable
        data={rows}
        columns={columns}
        caption="Gateways"
        sortable={["name", "account", "plan", "firmware", "lastSeen"]}
        columnVisibility={visibility}
        getRowId={(row) => row.id}
      />
    </div>
  );
}
