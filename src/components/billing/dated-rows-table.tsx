"use client";

import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { MenuSubmit, RowActions } from "@/components/ui/row-actions";
import type { FormState } from "@/lib/form-state";
import { HistoryStatus, type HistoryView } from "./history-status";

/** A price or an override as its table shows it: words only, formatted by the page. */
export interface DatedRowView extends HistoryView {
  id: string;
  sku: string;
  packageName: string | null;
  pricePer: string;
  tier: string;
  /** "USD 4.75", "12.5 % discount". */
  value: string;
  fromMonth: string;
  removable: boolean;
}

/**
 * The table of a book's prices or a buyer's overrides (docs/money.md#price-books): every row with its
 * history status; a row not yet in force has "Remove" (after a confirmation) for those who manage prices.
 */
export function DatedRowsTable<Row extends DatedRowView>({
  caption,
  storageKey,
  rows,
  leading = [],
  valueHeader,
  canManage,
  remove,
}: {
  caption: string;
  storageKey: string;
  rows: Row[];
  /** Columns before the SKU (a book's prices start with the service). */
  leading?: ColumnDef<Row, unknown>[];
  valueHeader: string;
  canManage: boolean;
  remove: { action: (state: FormState, data: FormData) => Promise<FormState>; title: string; fields: (row: Row) => Record<string, string> };
}) {
  const removal = useFormAction(remove.action);
  const name = (row: Row) => `${row.sku} per ${row.pricePer}${row.tier ? ` ${row.tier}` : ""} from ${row.fromMonth}`;
  const columns: ColumnDef<Row, unknown>[] = [
    ...leading,
    {
      id: "sku",
      header: "SKU / package",
      cell: ({ row }) => (
        <span className="block max-w-56 whitespace-normal">
          <span className="font-medium">{row.original.sku}</span>
          {row.original.packageName && <span className="block text-xs text-slate-600">{row.original.packageName}</span>}
        </span>
      ),
    },
    { id: "pricePer", header: "Price per", cell: ({ row }) => <span className="block max-w-36 whitespace-normal">{row.original.pricePer}</span> },
    { id: "tier", meta: { priority: "default" }, header: "Tier", cell: ({ row }) => row.original.tier || "—" },
    { id: "value", header: valueHeader, cell: ({ row }) => <span className="font-medium whitespace-nowrap tabular-nums">{row.original.value}</span> },
    { id: "fromMonth", header: "From month", cell: ({ row }) => <span className="whitespace-nowrap">{row.original.fromMonth}</span> },
    { id: "status", header: "Status", cell: ({ row }) => <HistoryStatus row={row.original} /> },
  ];
  if (canManage && rows.some((row) => row.removable)) {
    columns.push({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => {
        if (!row.original.removable) return null;
        const formId = `remove-${storageKey}-${row.original.id}`;
        return (
          <RowActions
            label={`Actions for ${name(row.original)}`}
            forms={
              <Form
                id={formId}
                hidden
                binding={removal}
                confirmation={{ title: remove.title, body: `Remove ${row.original.value} for ${name(row.original)}? It is not in force yet.`, confirmLabel: "Remove", danger: true }}
              >
                {Object.entries(remove.fields(row.original)).map(([field, value]) => (
                  <input key={field} type="hidden" name={field} value={value} />
                ))}
              </Form>
            }
          >
            <MenuSubmit form={formId} danger aria-label={`Remove ${name(row.original)}`}>
              Remove
            </MenuSubmit>
          </RowActions>
        );
      },
    });
  }
  return (
    <div className="space-y-3">
      <FormMessage state={removal.state} />
      <DataTable data={rows} columns={columns} caption={caption} storageKey={storageKey} getRowId={(row) => row.id} />
    </div>
  );
}
