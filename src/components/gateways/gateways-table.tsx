"use client";

import { wrapCell } from "@/components/ui/table-classes";
import Link from "next/link";
import { useState, useTransition } from "react";
import { saveGatewayColumnsAction } from "@/actions/gateways/save-gateway-columns";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { GATEWAY_STATUS_LABEL, LICENCE_TYPE_LABEL } from "@/lib/labels";
import type { GatewayRow } from "@/server/gateways/list-gateways";

const STATUS_TONE = { ONLINE: "green", OFFLINE: "amber", NEVER_SEEN: "slate" } as const;

export function GatewaysTable({ accountId, rows, visibleColumns }: { accountId: string; rows: GatewayRow[]; visibleColumns: string[] }) {
  const [visible, setVisible] = useState<string[]>(visibleColumns);
  const [, startTransition] = useTransition();

  // The choice is saved for the person (not this browser), as before.
  const choose = (next: string[]) => {
    setVisible(next);
    startTransition(() => saveGatewayColumnsAction(next));
  };

  const columns: ColumnDef<GatewayRow, unknown>[] = [
    {
      id: "name",
      header: "Name",
      cell: ({ row }) => (
        <Link className={`${wrapCell} font-medium text-brand-700 hover:underline`} href={`/a/${accountId}/gateways/${row.original.id}`}>
          {row.original.name}
          <span className="block text-xs font-normal text-slate-500">{row.original.serialNumber}</span>
        </Link>
      ),
    },
    { id: "account", meta: { priority: "default" }, header: "Account", cell: ({ row }) => <span className={wrapCell}>{row.original.accountName}</span> },
    {
      id: "plan",
      meta: { priority: "default" },
      header: "Plan",
      cell: ({ row }) => (
        <span className={wrapCell}>
          {row.original.planName ?? <span className="text-slate-500">—</span>}
          {!row.original.lockedToPlan && row.original.planName && <span className="block text-xs text-slate-500">unlocked from plan</span>}
        </span>
      ),
    },
    { id: "firmware", meta: { priority: "default" }, header: "Firmware", cell: ({ row }) => row.original.firmwareVersion },
    {
      id: "lastSeen",
      meta: { priority: "default" },
      header: "Last seen",
      cell: ({ row }) => (row.original.lastSeenAt ? new Date(row.original.lastSeenAt).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—"),
    },
    { id: "status", meta: { priority: "default" }, header: "Status", cell: ({ row }) => <Badge tone={STATUS_TONE[row.original.status]}>{GATEWAY_STATUS_LABEL[row.original.status]}</Badge> },
    {
      id: "licenseType",
      meta: { priority: "optional" },
      header: "License type",
      cell: ({ row }) => <Badge tone={row.original.licenceType === "PAYG" ? "violet" : "blue"}>{LICENCE_TYPE_LABEL[row.original.licenceType]}</Badge>,
    },
  ];

  return (
    <DataTable
      data={rows}
      columns={columns}
      caption="Gateways"
      sortable={["name", "account", "plan", "firmware", "lastSeen"]}
      columnChoice={{ visible, onChange: choose }}
      getRowId={(row) => row.id}
    />
  );
}
