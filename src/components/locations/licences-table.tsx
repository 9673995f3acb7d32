"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
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
    // Modules wrap inside a bounded width so the whole row (Actions included) fits a 1400 px screen.
    { id: "modules", header: "Modules", cell: ({ row }) => <span className="block max-w-[9rem] whitespace-normal text-xs">{moduleNames(row.original.modules) || "—"}</span> },
    { id: "aps", header: "APs", cell: ({ row }) => row.original.maxAccessPoints ?? "—" },
    { id: "rooms", header: "Rooms", cell: ({ row }) => row.original.maxRooms ?? "—" },
    { id: "status", header: "Status", cell: ({ row }) => <Badge tone={LICENCE_STATUS_TONE[row.original.status]}>{LICENCE_STATUS_LABEL[row.original.status]}</Badge> },
    { id: "startsOn", header: "Start date", cell: ({ row }) => day(row.original.startsOn) },
    { id: "endsOn", header: "End date", cell: ({ row }) => day(row.original.endsOn) },
    {
      id: "actions",
      header: "Actions",
      cell: ({ row }) => (
        <Link className="inline-block min-w-[5.5rem] whitespace-normal text-sm font-medium text-brand-700 hover:underline" href={`/a/${accountId}/licences/${row.original.id}`}>
          View license data<span className="sr-only"> of {row.original.key}</span>
        </Link>
      ),
    },
  ];
  return <DataTable data={rows} columns={columns} caption="Licenses" sortable={["key", "organization", "status", "startsOn", "endsOn"]} getRowId={(row) => row.id} />;
}
