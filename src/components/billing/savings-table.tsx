"use client";

import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { MenuLink, RowActions } from "@/components/ui/row-actions";
import { wrapCell } from "@/components/ui/table-classes";

/** One row of the Savings list, in words and formatted money (docs/money.md#advice). */
export interface SavingsTableRow {
  id: string;
  subject: string;
  subjectDetail: string;
  account: string;
  current: string;
  suggestion: string;
  sentence: string;
  costNow: string;
  costWith: string;
  saving: string;
  action: { href: string; label: string } | null;
  managedBy: string | null;
}

const money = "block whitespace-nowrap text-right tabular-nums";

/** The Savings list: the largest savings first, each with the page that realises it. */
export function SavingsTable({ rows }: { rows: SavingsTableRow[] }) {
  const columns: ColumnDef<SavingsTableRow, unknown>[] = [
    {
      id: "subject",
      header: "Gateway or contract",
      cell: ({ row }) => (
        <span className={wrapCell}>
          <span className="font-medium text-slate-900">{row.original.subject}</span>
          <span className="block text-xs text-slate-600">{row.original.subjectDetail}</span>
        </span>
      ),
    },
    { id: "account", meta: { priority: "default" }, header: "Account", cell: ({ row }) => <span className={wrapCell}>{row.original.account}</span> },
    { id: "current", meta: { priority: "default" }, header: "Current licence", cell: ({ row }) => <span className="block max-w-40 whitespace-normal">{row.original.current}</span> },
    {
      id: "suggestion",
      header: "Suggestion",
      cell: ({ row }) => (
        <span className="block max-w-72 whitespace-normal">
          <span className="font-medium text-slate-900">{row.original.suggestion}</span>
          <span className="block text-xs text-slate-600">{row.original.sentence}</span>
          {row.original.managedBy && <span className="block text-xs text-slate-600">Ask {row.original.managedBy} to make this change.</span>}
        </span>
      ),
    },
    { id: "costNow", meta: { priority: "default", label: "12 months now" }, header: () => <span className="block text-right">12 months now</span>, cell: ({ row }) => <span className={money}>{row.original.costNow}</span> },
    { id: "costWith", meta: { priority: "default", label: "With the suggestion" }, header: () => <span className="block text-right">With the suggestion</span>, cell: ({ row }) => <span className={money}>{row.original.costWith}</span> },
    { id: "saving", meta: { label: "Saving" }, header: () => <span className="block text-right">Saving</span>, cell: ({ row }) => <span className={`${money} font-semibold text-emerald-800`}>{row.original.saving}</span> },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) =>
        row.original.action ? (
          <RowActions label={`Actions for ${row.original.subject}`}>
            <MenuLink href={row.original.action.href}>{row.original.action.label}</MenuLink>
          </RowActions>
        ) : null,
    },
  ];
  return <DataTable data={rows} columns={columns} caption="Savings" storageKey="savings" getRowId={(row) => row.id} />;
}
