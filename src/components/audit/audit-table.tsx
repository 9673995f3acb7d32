"use client";

import Link from "next/link";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import type { FieldChange } from "@/lib/audit-changes";
import { auditActionLabel } from "@/lib/labels";

export interface AuditView {
  id: string;
  createdAt: string;
  accountId: string;
  accountName: string;
  actorLabel: string;
  action: string;
  object: string;
  /** What the event changed, already in words (src/lib/audit-changes.ts). */
  changes: FieldChange[];
}

/** The changed fields as "Field: old → new" lines; a creation shows only the new value. */
function Changes({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="min-w-52 max-w-xs space-y-0.5 whitespace-normal text-xs text-slate-700">
      {changes.map((change) => (
        <div key={change.field} className="flex flex-wrap gap-x-1">
          <dt className="text-slate-500">{change.label}:</dt>
          <dd className="break-words">
            {change.before !== "—" && (
              <>
                <del className="text-slate-500 no-underline">{change.before}</del>
                <span aria-hidden="true" className="px-1 text-slate-400">
                  →
                </span>
                <span className="sr-only"> changed to </span>
              </>
            )}
            <ins className="no-underline">{change.after}</ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditTable({ rows }: { rows: AuditView[] }) {
  const columns: ColumnDef<AuditView, unknown>[] = [
    { id: "createdAt", header: "When", cell: ({ row }) => row.original.createdAt },
    {
      id: "account",
      meta: { priority: "default" },
      header: "Account",
      cell: ({ row }) => (
        <Link className="block min-w-24 max-w-44 whitespace-normal text-brand-700 hover:underline" href={`/a/${row.original.accountId}`}>
          {row.original.accountName}
        </Link>
      ),
    },
    { id: "actor", meta: { priority: "default" }, header: "Actor", cell: ({ row }) => <span className="block min-w-24 max-w-44 whitespace-normal break-all">{row.original.actorLabel}</span> },
    { id: "action", header: "Action", cell: ({ row }) => <span className="block min-w-28 max-w-48 whitespace-normal font-medium">{auditActionLabel(row.original.action)}</span> },
    { id: "object", meta: { priority: "optional" }, header: "Object", cell: ({ row }) => row.original.object },
    { id: "changes", header: "Changes", cell: ({ row }) => <Changes changes={row.original.changes} /> },
  ];
  return <DataTable data={rows} columns={columns} caption="Audit events" storageKey="audit" getRowId={(row) => row.id} />;
}
