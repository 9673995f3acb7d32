"use client";

import Link from "next/link";
import { makeDefaultPriceBookAction } from "@/actions/billing/make-default-price-book";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { MenuLink, MenuSubmit, RowActions } from "@/components/ui/row-actions";
import { currencyName } from "@/lib/currency-names";

import type { PriceBookRow } from "@/server/billing/price-books/list-price-books";

type PriceBookView = PriceBookRow;

/** A seller's price books: currency, default, prices in force, buyers on each (docs/money.md#price-books). */
export function PriceBooksTable({ sellerId, rows, canManage }: { sellerId: string; rows: PriceBookView[]; canManage: boolean }) {
  const makeDefault = useFormAction(makeDefaultPriceBookAction);
  const href = (row: PriceBookView) => `/a/${sellerId}/prices/${row.id}`;
  const columns: ColumnDef<PriceBookView, unknown>[] = [
    {
      id: "name",
      header: "Price book",
      cell: ({ row }) => (
        <span className="inline-flex items-center gap-2">
          <Link href={href(row.original)} className="font-medium text-brand-700 hover:underline">
            {row.original.name}
          </Link>
          {row.original.isDefault && <Badge tone="violet">Default</Badge>}
        </span>
      ),
    },
    {
      id: "currency",
      header: "Currency",
      cell: ({ row }) => (
        <span title={currencyName(row.original.currency)}>
          {row.original.currency} <span className="text-slate-500">· {currencyName(row.original.currency)}</span>
        </span>
      ),
    },
    { id: "prices", header: "Prices in force", cell: ({ row }) => row.original.priceCount.toLocaleString("en") },
    { id: "buyers", header: "Buyers on it", cell: ({ row }) => row.original.buyerCount.toLocaleString("en") },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (
        <RowActions
          label={`Actions for ${row.original.name}`}
          forms={
            canManage && !row.original.isDefault ? (
              <Form
                id={`default-book-${row.original.id}`}
                hidden
                binding={makeDefault}
                confirmation={{ title: "Make default", body: `Every buyer without a book of its own will be on ${row.original.name}, in every month not yet final.`, confirmLabel: "Make default" }}
              >
                <input type="hidden" name="sellerId" value={sellerId} />
                <input type="hidden" name="bookId" value={row.original.id} />
              </Form>
            ) : null
          }
        >
          <MenuLink href={href(row.original)} aria-label={`Prices of ${row.original.name}`}>
            Prices
          </MenuLink>
          {canManage && !row.original.isDefault && (
            <MenuSubmit form={`default-book-${row.original.id}`} aria-label={`Make ${row.original.name} the default`}>
              Make default
            </MenuSubmit>
          )}
        </RowActions>
      ),
    },
  ];
  return (
    <div className="space-y-3">
      <FormMessage state={makeDefault.state} />
      <DataTable data={rows} columns={columns} caption="Price books" getRowId={(row) => row.id} />
    </div>
  );
}
