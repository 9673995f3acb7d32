import Link from "next/link";
import { AddPriceBookForm } from "@/components/billing/add-price-book-form";
import { PriceBooksTable } from "@/components/billing/price-books-table";
import { PriceTabs } from "@/components/billing/price-tabs";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { currencyOptions } from "@/lib/currency-names";
import { getBillingProfile } from "@/server/billing/billing-profiles/billing-profile";
import { listPriceBooks } from "@/server/billing/price-books/list-price-books";
import { db } from "@/server/db";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Price books" };

/** A seller's price books (docs/money.md#price-books); customers have none: their URL is "not found". */
export default async function PriceBooksPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account, can } = await requirePagePermission(accountId, "prices:read");
  const list = await orNotFound(listPriceBooks(db, { actor, sellerId: account.id }));
  const profile = await getBillingProfile(db, { actor, accountId: account.id });
  const canManage = can("prices:manage");
  return (
    <>
      <PageHeader
        title="Price books"
        description={`What ${account.name} charges the ${formatCount(list.buyerCount, noun("account"))} directly below it for their usage, each buyer on one book.`}
      />
      <PriceTabs sellerId={account.id} current="books" />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0">
          {list.books.length === 0 ? (
            <EmptyState title="No price book yet">{canManage ? "Add the first one: it becomes the default book of every buyer." : "An admin adds them."}</EmptyState>
          ) : (
            <PriceBooksTable sellerId={account.id} rows={list.books} canManage={canManage} />
          )}
        </div>
        <div className="space-y-6">
          {canManage && (
            <Card title="Add price book">
              <AddPriceBookForm sellerId={account.id} currencies={currencyOptions()} first={list.books.length === 0} />
            </Card>
          )}
          <Card title="On statements">
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="font-medium text-slate-700">Legal name</dt>
                <dd>{profile.legalName}</dd>
              </div>
              <div>
                <dt className="font-medium text-slate-700">Address</dt>
                <dd className="whitespace-pre-line">{profile.address || "—"}</dd>
              </div>
              <div>
                <dt className="font-medium text-slate-700">Statement numbers</dt>
                <dd>e.g. {profile.statementPrefix}-{new Date().getUTCFullYear()}-00042</dd>
              </div>
            </dl>
            <p className="mt-3 text-sm">
              <Link href={`/a/${account.id}/settings#billing-profile`} className="text-brand-700 hover:underline">
                {can("account:manage") ? "Edit the billing profile in Settings" : "Billing profile in Settings"}
              </Link>
            </p>
          </Card>
        </div>
      </div>
    </>
  );
}
