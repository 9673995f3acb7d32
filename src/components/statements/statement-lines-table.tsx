"use client";

import { DataTable, type ColumnDef } from "@/components/ui/data-table";

/** A statement line as the page shows it: every figure already in words on the server. */
export interface StatementLineView {
  position: number;
  account: string;
  service: string;
  sku: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
  correctsMonth: string | null;
  note: string;
}

const right = (text: string) => <span className="block text-right tabular-nums">{text}</span>;
const wrap = (text: string, width = "max-w-56") => <span className={`block ${width} whitespace-normal break-words`}>{text}</span>;

/** A statement's lines as billed (docs/money.md#statements); quantity to 4 decimals with its unit. */
export function StatementLinesTable({ rows }: { rows: StatementLineView[] }) {
  const columns: ColumnDef<StatementLineView, unknown>[] = [
    { id: "account", header: "Account", cell: ({ row }) => wrap(row.original.account, "max-w-44") },
    { id: "service", header: "Service", meta: { priority: "default" }, cell: ({ row }) => wrap(row.original.service, "max-w-40") },
    { id: "sku", header: "SKU", meta: { priority: "default" }, cell: ({ row }) => <span className="font-mono text-xs">{row.original.sku}</span> },
    { id: "description", header: "Description", cell: ({ row }) => wrap(row.original.description, "max-w-72") },
    {
      id: "quantity",
      header: () => <span className="block text-right">Quantity</span>,
      meta: { label: "Quantity" },
      cell: ({ row }) => (
        <span className="block text-right tabular-nums">
          {row.original.quantity}
          <span className="block text-xs text-slate-500">{row.original.unit}</span>
        </span>
      ),
    },
    { id: "unitPrice", header: () => <span className="block text-right">Unit price</span>, meta: { label: "Unit price", priority: "default" }, cell: ({ row }) => right(row.original.unitPrice) },
    { id: "amount", header: () => <span className="block text-right">Amount</span>, meta: { label: "Amount" }, cell: ({ row }) => right(row.original.amount) },
    { id: "correctsMonth", header: "Corrects", meta: { priority: "optional", label: "Corrects month" }, cell: ({ row }) => row.original.correctsMonth ?? "—" },
    { id: "note", header: "Note", meta: { priority: "default" }, cell: ({ row }) => (row.original.note ? wrap(row.original.note, "max-w-48") : "—") },
  ];
  return <DataTable data={rows} columns={columns} caption="Statement lines" storageKey="statement-lines" getRowId={(row) => String(row.position)} />;
}
