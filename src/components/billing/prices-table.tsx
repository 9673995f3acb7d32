"use client";

import { removePriceAction } from "@/actions/billing/remove-price";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { MenuSubmit, RowActions } from "@/components/ui/row-actions";
import { HistoryStatus, type HistoryView } from "./history-status";

export interface PriceView extends HistoryView {
  id: string;
  serviceName: string;
  sku: string;
  packageName: string;
  pricePer: string;
  tier: string;
  price: string;
  fromMonth: string;
  removable: boolean;
}

/** A book's prices, current and past (docs/money.md#price-books); a price not in force yet can be removed. */
export function PricesTable({ sellerId, bookId, rows, canManage }: { sellerId: string; bookId: string; rows: PriceView[]; canManage: boolean }) {
  const remove = useFormAction(removePriceAction);
  const name = (row: PriceView) => `${row.sku} per ${row.pricePer}${row.tier ? ` ${row.tier}` : ""} from ${row.fromMonth}`;
  const columns: ColumnDef<PriceView, unknown>[] = [
    { id: "service", header: "Service", cell: ({ row }) => <span className="block max-w-40 whitespace-normal">{row.original.serviceName}</span> },
    {
      id: "sku",
      header: "SKU / package",
      cell: ({ row }) => (
        <span className="block max-w-56 whitespace-normal">
          <span className="font-medium">{row.original.sku}</span>
          <span className="block text-xs text-slate-600">{row.original.packageName}</span>
        </span>
      ),
    },
    { id: "pricePer", header: "Price per", cell: ({ row }) => <span className="block max-w-36 whitespace-normal">{row.original.pricePer}</span> },
    { id: "tier", meta: { priority: "default" }, header: "Tier", cell: ({ row }) => row.original.tier || "—" },
    { id: "price", header: "Price", cell: ({ row }) => <span className="font-medium tabular-nums whitespace-nowrap">{row.original.price}</span> },
    { id: "fromMonth", header: "From month", cell: ({ row }) => <span className="whitespace-nowrap">{row.original.fromMonth}</span> },
    { id: "status", header: "Status", cell: ({ row }) => <HistoryStatus row={row.original} /> },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) =>
        canManage && row.original.removable ? (
          <RowActions
            label={`Actions for ${name(row.original)}`}
            forms={
              <Form
                id={`remove-price-${row.original.id}`}
                hidden
                binding={remove}
                confirmation={{ title: "Remove price", body: `Remove the price of ${name(row.original)} (${row.original.price})? It is not in force yet.`, confirmLabel: "Remove", danger: true }}
              >
                <input type="hidden" name="sellerId" value={sellerId} />
                <input type="hidden" name="bookId" value={bookId} />
                <input type="hidden" name="priceId" value={row.original.id} />
              </Form>
            }
          >
            <MenuSubmit form={`remove-price-${row.original.id}`} danger aria-label={`Remove ${name(row.original)}`}>
              Remove
            </MenuSubmit>
          </RowActions>
        ) : null,
    },
  ];
  const anyRemovable = canManage && rows.some((row) => row.removable);
  return (
    <div className="space-y-3">
      <FormMessage state={remove.state} />
      <DataTable data={rows} columns={anyRemovable ? columns : columns.filter((column) => column.id !== "actions")} caption="Prices" storageKey="book-prices" getRowId={(row) => row.id} />
    </div>
  );
}
