"use client";

import { removePriceOverrideAction } from "@/actions/billing/remove-price-override";
import { DatedRowsTable, type DatedRowView } from "./dated-rows-table";

/** A buyer's own prices and discounts, current and past; one not in force yet can be removed. */
export function OverridesTable({ sellerId, buyerId, rows, canManage }: { sellerId: string; buyerId: string; rows: DatedRowView[]; canManage: boolean }) {
  return (
    <DatedRowsTable
      caption="Overrides"
      storageKey="price-overrides"
      rows={rows}
      valueHeader="Override"
      canManage={canManage}
      remove={{ action: removePriceOverrideAction, title: "Remove override", fields: (row) => ({ sellerId, buyerId, overrideId: row.id }) }}
    />
  );
}
