import Link from "next/link";
import { AddOverrideForm } from "@/components/billing/add-override-form";
import { BuyerBookForm } from "@/components/billing/buyer-book-form";
import { OverridesTable } from "@/components/billing/overrides-table";
import { PriceTabs } from "@/components/billing/price-tabs";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { ACCOUNT_KIND_LABEL, PRICE_KIND_LABEL } from "@/lib/labels";
import { getBuyerPricing } from "@/server/billing/price-books/get-buyer-pricing";
import { overrideValueLabel } from "@/server/billing/price-books/override-value";
import { EVERY_SKU } from "@/server/billing/price-books/price-book-input";
import { tierLabel } from "@/server/billing/price-books/price-history";
import { fromMonthChoices, monthLabel } from "@/server/billing/price-books/pricing-months";
import { db } from "@/server/db";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";
import { kindsSoldBy } from "@/server/billing/price-books/price-kinds";

export const metadata = { title: "Buyer · Price books" };

/** One buyer of the seller: the book it is on, and its own prices and discounts with their history. */
export default async function BuyerPricingPage({ params }: { params: Promise<{ accountId: string; buyerId: string }> }) {
  const { accountId, buyerId } = await params;
  const { actor, account, can } = await requirePagePermission(accountId, "prices:read");
  const view = await orNotFound(getBuyerPricing(db, { actor, sellerId: account.id, buyerId }));
  const canManage = can("prices:manage");
  const months = canManage ? await fromMonthChoices(db, view.seller, new Date()) : null;
  const currency = view.book?.currency ?? "";
  return (
    <>
      <PageHeader
        title={view.buyer.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span>
              {ACCOUNT_KIND_LABEL[view.buyer.kind]} buying from {account.name}.
            </span>
            <Link href={`/a/${account.id}/prices/buyers`} className="text-brand-700 hover:underline">
              All buyers
            </Link>
          </span>
        }
      />
      <PriceTabs sellerId={account.id} current="buyers" />
      <div className="space-y-6">
        <Card title="Price book">
          {canManage ? (
            <BuyerBookForm sellerId={account.id} buyerId={view.buyer.id} books={view.books} defaultBook={view.defaultBook} ownBookId={view.ownBook?.id ?? null} />
          ) : (
            <p className="text-sm">
              {view.book ? view.book.name : "No price book yet"} {view.book && !view.ownBook && <Badge tone="violet">Default</Badge>}
            </p>
          )}
          <p className="mt-2 text-xs text-slate-600">The book applies to every month not yet final, the current one included.</p>
        </Card>
        {months && (
          <Card title="Add override">
            <AddOverrideForm sellerId={account.id} buyerId={view.buyer.id} currency={view.book?.currency ?? null} months={months.options} defaultMonth={months.defaultMonth} kinds={kindsSoldBy(account.kind)} />
          </Card>
        )}
        <section aria-labelledby="overrides-heading" className="min-w-0 space-y-2">
          <h2 id="overrides-heading" className="text-base font-semibold text-slate-900">
            Overrides
          </h2>
          <p className="text-sm text-slate-600">
            An override of a SKU wins over a discount for every SKU; each applies from its month until a later one. Overrides of {monthLabel(view.currentMonth)} and later, with the ones they replaced.
          </p>
          {view.overrides.length === 0 ? (
            <EmptyState title="No overrides">{view.buyer.name} pays the prices of its book.</EmptyState>
          ) : (
            <OverridesTable
              sellerId={account.id}
              buyerId={view.buyer.id}
              canManage={canManage}
              rows={view.overrides.map((row) => ({
                id: row.id,
                sku: row.sku === EVERY_SKU ? "Every SKU" : row.sku,
                packageName: row.packageName,
                pricePer: PRICE_KIND_LABEL[row.kind],
                tier: tierLabel(row),
                value: overrideValueLabel(row, currency),
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
