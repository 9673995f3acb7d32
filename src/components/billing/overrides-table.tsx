"use client";

import { removePriceOverrideAction } from "@/actions/billing/remove-price-override";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { MenuSubmit, RowActions } from "@/components/ui/row-actions";
import { HistoryStatus, type HistoryView } from "./history-status";

export interface OverrideView extends HistoryView {
  id: string;
  sku: string;
  packageName: string | null;
  pricePer: string;
  tier: string;
  override: string;
  fromMonth: string;
  removable: boolean;
}

/** A buyer's own prices and discounts, current and past; one not in force yet can be removed. */
export function OverridesTable({ sellerId, buyerId, rows, canManage }: { sellerId: string; buyerId: string; rows: OverrideView[]; canManage: boolean }) {
  const remove = useFormAction(removePriceOverrideAction);
  const name = (row: OverrideView) => `${row.sku} per ${row.pricePer}${row.tier ? ` ${row.tier}` : ""} from ${row.fromMonth}`;
  const columns: ColumnDef<OverrideView, unknown>[] = [
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
    { id: "override", header: "Override", cell: ({ row }) => <span className="font-medium whitespace-nowrap tabular-nums">{row.original.override}</span> },
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
                id={`remove-override-${row.original.id}`}
                hidden
                binding={remove}
                confirmation={{ title: "Remove override", body: `Remove ${row.original.override} for ${name(row.original)}? It is not in force yet.`, confirmLabel: "Remove", danger: true }}
              >
                <input type="hidden" name="sellerId" value={sellerId} />
                <input type="hidden" name="buyerId" value={buyerId} />
                <input type="hidden" name="overrideId" value={row.original.id} />
              </Form>
            }
          >
            <MenuSubmit form={`remove-override-${row.original.id}`} danger aria-label={`Remove ${name(row.original)}`}>
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
      <DataTable data={rows} columns={anyRemovable ? columns : columns.filter((column) => column.id !== "actions")} caption="Overrides" storageKey="price-overrides" getRowId={(row) => row.id} />
    </div>
  );
}
