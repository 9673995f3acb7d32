"use client";

import Link from "next/link";
import type { AccountKind } from "@/generated/prisma/enums";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { MenuLink, RowActions } from "@/components/ui/row-actions";
import { ACCOUNT_KIND_LABEL } from "@/lib/labels";
import { formatCount, noun } from "@/lib/plural";

export interface BuyerView {
  id: string;
  name: string;
  kind: AccountKind;
  bookName: string | null;
  onDefault: boolean;
  overrideCount: number;
}

/** A seller's buyers with the book each is on and its overrides (docs/money.md#price-books). */
export function BuyersTable({ sellerId, rows, canManage }: { sellerId: string; rows: BuyerView[]; canManage: boolean }) {
  const href = (row: BuyerView) => `/a/${sellerId}/prices/buyers/${row.id}`;
  const columns: ColumnDef<BuyerView, unknown>[] = [
    {
      id: "name",
      header: "Buyer",
      cell: ({ row }) => (
        <Link href={href(row.original)} className="block max-w-64 font-medium whitespace-normal text-brand-700 hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    { id: "kind", meta: { priority: "default" }, header: "Kind", cell: ({ row }) => ACCOUNT_KIND_LABEL[row.original.kind] },
    {
      id: "book",
      header: "Price book",
      cell: ({ row }) =>
        row.original.bookName === null ? (
          <span className="text-slate-600">No price book yet</span>
        ) : (
          <span className="inline-flex items-center gap-2">
            {row.original.bookName}
            {row.original.onDefault && <Badge tone="violet">Default</Badge>}
          </span>
        ),
    },
    {
      id: "overrides",
      header: "Overrides",
      cell: ({ row }) => (row.original.overrideCount === 0 ? <span className="text-slate-600">None</span> : formatCount(row.original.overrideCount, noun("override"))),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (
        <RowActions label={`Actions for ${row.original.name}`}>
          <MenuLink href={href(row.original)} aria-label={`${canManage ? "Change prices of" : "Prices of"} ${row.original.name}`}>
            {canManage ? "Change book or overrides" : "Prices"}
          </MenuLink>
        </RowActions>
      ),
    },
  ];
  return <DataTable data={rows} columns={columns} caption="Buyers" storageKey="price-buyers" getRowId={(row) => row.id} />;
}
