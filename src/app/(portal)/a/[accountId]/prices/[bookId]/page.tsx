import Link from "next/link";
import { AddPriceForm } from "@/components/billing/add-price-form";
import { MakeDefaultButton } from "@/components/billing/make-default-button";
import { PricesTable } from "@/components/billing/prices-table";
import { PriceTabs } from "@/components/billing/price-tabs";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { Card, PageHeader } from "@/components/ui/page-header";
import { currencyName } from "@/lib/currency-names";
import { PRICE_KIND_LABEL } from "@/lib/labels";
import { readStringParam } from "@/lib/list-params";
import { formatMoney } from "@/lib/money";
import { getPriceBook } from "@/server/billing/price-books/get-price-book";
import { tierLabel } from "@/server/billing/price-books/price-history";
import { fromMonthChoices, monthLabel } from "@/server/billing/price-books/pricing-months";
import { db } from "@/server/db";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";

export const metadata = { title: "Price book" };

/** One price book: its prices per SKU and kind with their history, and "Add price" (docs/money.md#price-books). */
export default async function PriceBookPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string; bookId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId, bookId } = await params;
  const created = readStringParam(await searchParams, "created");
  const { actor, account, can } = await requirePagePermission(accountId, "prices:read");
  const view = await orNotFound(getPriceBook(db, { actor, sellerId: account.id, bookId }));
  const canManage = can("prices:manage");
  const months = canManage ? await fromMonthChoices(db, view.seller, new Date()) : null;
  const { book } = view;
  return (
    <>
      <PageHeader
        title={book.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span>
              Price book of {account.name}, in {currencyName(book.currency)} ({book.currency}).
            </span>
            {book.isDefault && <Badge tone="violet">Default</Badge>}
            <Link href={`/a/${account.id}/prices`} className="text-brand-700 hover:underline">
              All price books
            </Link>
          </span>
        }
        actions={canManage && !book.isDefault ? <MakeDefaultButton sellerId={account.id} bookId={book.id} bookName={book.name} /> : undefined}
      />
      <PriceTabs sellerId={account.id} current="books" />
      {created && <Notice>Price book added. Add its prices: each applies from the month you choose.</Notice>}
      <div className="space-y-6">
        {months && (
          <Card title="Add price">
            <AddPriceForm sellerId={account.id} bookId={book.id} currency={book.currency} months={months.options} defaultMonth={months.defaultMonth} />
          </Card>
        )}
        <section aria-labelledby="prices-heading" className="min-w-0 space-y-2">
          <h2 id="prices-heading" className="text-base font-semibold text-slate-900">
            Prices
          </h2>
          <p className="text-sm text-slate-600">
            Prices of {monthLabel(view.currentMonth)} and later, with the ones they replaced. A change is a new price from a month on; a price not yet in force can be removed.
          </p>
          {view.rows.length === 0 ? (
            <EmptyState title="No prices yet">Usage of a SKU without a price is shown at 0 with “no price in {book.name}”.</EmptyState>
          ) : (
            <PricesTable
              sellerId={account.id}
              bookId={book.id}
              canManage={canManage}
              rows={view.rows.map((row) => ({
                id: row.id,
                serviceName: row.serviceName,
                sku: row.sku,
                packageName: row.packageName,
                pricePer: PRICE_KIND_LABEL[row.kind],
                tier: tierLabel(row),
                value: formatMoney(row.unitPriceMinor, book.currency),
                fromMonth: monthLabel(row.month),
                status: row.status,
                until: row.until && monthLabel(row.until),
                removable: row.status === "SCHEDULED",
              }))}
            />
          )}
        </section>
      </div>
    </>
  );
}
