"use client";

import { removePriceAction } from "@/actions/billing/remove-price";
import { DatedRowsTable, type DatedRowView } from "./dated-rows-table";

export interface PriceView extends DatedRowView {
  serviceName: string;
}

/** A book's prices, current and past (docs/money.md#price-books); a price not in force yet can be removed. */
export function PricesTable({ sellerId, bookId, rows, canManage }: { sellerId: string; bookId: string; rows: PriceView[]; canManage: boolean }) {
  return (
    <DatedRowsTable
      caption="Prices"
      storageKey="book-prices"
      rows={rows}
      leading={[{ id: "service", header: "Service", cell: ({ row }) => <span className="block max-w-40 whitespace-normal">{row.original.serviceName}</span> }]}
      valueHeader="Price"
      canManage={canManage}
      remove={{ action: removePriceAction, title: "Remove price", fields: (row) => ({ sellerId, bookId, priceId: row.id }) }}
    />
  );
}
