"use client";

import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { MenuLink, RowActions } from "@/components/ui/row-actions";
import { LICENCE_STATUS_LABEL, LICENCE_STATUS_TONE, moduleNames } from "@/lib/labels";
import type { LicenceRow } from "@/server/locations/list-licences";

const day = (value: Date | null) => (value ? new Date(value).toISOString().slice(0, 10) : "—");

/** The Licenses list with the seed's columns; the key opens "View license data". */
export function LicencesTable({ accountId, rows }: { accountId: string; rows: LicenceRow[] }) {
  const columns: ColumnDef<LicenceRow, unknown>[] = [
    {
      id: "key",
      header: "License Key",
      cell: ({ row }) => <span className="font-mono text-xs">{row.original.key}</span>,
    },
    {
      id: "organization",
      header: "Organization",
      cell: ({ row }) => (
        <span>
          {row.original.organization}
          <span className="block text-xs text-slate-500">{row.original.locationName}</span>
        </span>
      ),
    },
    { id: "modules", meta: { priority: "default" }, header: "Modules", cell: ({ row }) => <span className="block max-w-[9rem] whitespace-normal text-xs">{moduleNames(row.original.modules) || "—"}</span> },
    { id: "aps", meta: { priority: "default" }, header: "APs", cell: ({ row }) => row.original.maxAccessPoints ?? "—" },
    { id: "rooms", meta: { priority: "default" }, header: "Rooms", cell: ({ row }) => row.original.maxRooms ?? "—" },
    { id: "status", header: "Status", cell: ({ row }) => <Badge tone={LICENCE_STATUS_TONE[row.original.status]}>{LICENCE_STATUS_LABEL[row.original.status]}</Badge> },
    { id: "startsOn", meta: { priority: "optional" }, header: "Start date", cell: ({ row }) => day(row.original.startsOn) },
    { id: "endsOn", meta: { priority: "default" }, header: "End date", cell: ({ row }) => day(row.original.endsOn) },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (
        <RowActions label={`Actions for license ${row.original.key}`}>
          <MenuLink href={`/a/${accountId}/licences/${row.original.id}`} aria-label={`View license data of ${row.original.key}`}>
            View license data
          </MenuLink>
        </RowActions>
      ),
    },
  ];
  return <DataTable data={rows} columns={columns} caption="Licenses" storageKey="licences" sortable={["key", "organization", "status", "startsOn", "endsOn"]} getRowId={(row) => row.id} />;
}
