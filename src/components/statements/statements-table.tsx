"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { STATEMENT_STATUS_LABEL, STATEMENT_STATUS_TONE } from "@/lib/statement-labels";
import type { StatementRow } from "@/server/billing/statements/list-statements";

/** The Statements list: the number (or Draft) opens the statement. */
export function StatementsTable({
  accountId,
  rows,
  counterparty,
  monthNames,
}: {
  accountId: string;
  rows: StatementRow[];
  /** "Buyer" for issued statements, "Seller" for received ones. */
  counterparty: "Buyer" | "Seller";
  /** "2034-01" → "January 2034", computed on the server. */
  monthNames: Record<string, string>;
}) {
  const columns: ColumnDef<StatementRow, unknown>[] = [
    {
      id: "number",
      header: "Number",
      cell: ({ row }) => (
        <Link
          href={`/a/${accountId}/statements/${row.original.id}`}
          className="font-medium text-brand-700 hover:underline"
          aria-label={row.original.number ? `Open statement ${row.original.number}` : `Open the draft statement of ${row.original.counterparty} for ${monthNames[row.original.month]}`}
        >
          {row.original.number ?? "Draft"}
        </Link>
      ),
    },
    { id: "month", header: "Month", cell: ({ row }) => monthNames[row.original.month] },
    { id: "counterparty", header: counterparty, cell: ({ row }) => <span className="block max-w-72 whitespace-normal break-words">{row.original.counterparty}</span> },
    { id: "status", header: "Status", cell: ({ row }) => <Badge tone={STATEMENT_STATUS_TONE[row.original.status]}>{STATEMENT_STATUS_LABEL[row.original.status]}</Badge> },
    { id: "total", header: () => <span className="block text-right">Total</span>, meta: { label: "Total" }, cell: ({ row }) => <span className="block text-right tabular-nums">{row.original.total}</span> },
  ];
  return <DataTable data={rows} columns={columns} caption="Statements" storageKey="statements" getRowId={(row) => row.id} />;
}
