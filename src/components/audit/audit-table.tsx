"use client";

import Link from "next/link";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { auditActionLabel, fieldLabel, valueLabel } from "@/lib/labels";

export interface AuditView {
  id: string;
  createdAt: string;
  accountId: string;
  accountName: string;
  actorLabel: string;
  action: string;
  object: string;
  before: string;
  after: string;
}

/** Before/after values as "field: value" lines, readable without opening the JSON. */
function Changes({ value }: { value: string }) {
  if (!value) return <span className="text-slate-500">—</span>;
  const entries = Object.entries(JSON.parse(value) as Record<string, unknown>);
  return (
    <div className="max-w-xs whitespace-normal text-xs text-slate-700" title={value}>
      <dl>
        {entries.slice(0, 6).map(([key, field]) => (
          <div key={key} className="truncate">
            <dt className="inline text-slate-500">{fieldLabel(key)}: </dt>
            <dd className="inline">{valueLabel(field)}</dd>
          </div>
        ))}
      </dl>
      {entries.length > 6 && <p className="text-slate-500">+{entries.length - 6} more</p>}
    </div>
  );
}

export function AuditTable({ rows }: { rows: AuditView[] }) {
  const columns: ColumnDef<AuditView, unknown>[] = [
    { id: "createdAt", header: "When", cell: ({ row }) => row.original.createdAt },
    {
      id: "account",
      header: "Account",
      cell: ({ row }) => (
        <Link className="text-brand-700 hover:underline" href={`/a/${row.original.accountId}`}>
          {row.original.accountName}
        </Link>
      ),
    },
    { id: "actor", header: "Actor", cell: ({ row }) => row.original.actorLabel },
    { id: "action", header: "Action", cell: ({ row }) => <span className="font-medium">{auditActionLabel(row.original.action)}</span> },
    { id: "object", header: "Object", cell: ({ row }) => row.original.object },
    { id: "before", header: "Before", cell: ({ row }) => <Changes value={row.original.before} /> },
    { id: "after", header: "After", cell: ({ row }) => <Changes value={row.original.after} /> },
  ];
  return <DataTable data={rows} columns={columns} caption="Audit events" getRowId={(row) => row.id} />;
}
