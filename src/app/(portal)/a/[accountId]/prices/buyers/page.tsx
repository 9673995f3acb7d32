import { BuyersTable } from "@/components/billing/buyers-table";
import { PriceTabs } from "@/components/billing/price-tabs";
import { EmptyState } from "@/components/ui/empty-state";
import { ListFilters } from "@/components/ui/list-filters";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { parseListParams } from "@/lib/list-params";
import { noun } from "@/lib/plural";
import { listBuyers } from "@/server/billing/price-books/list-buyers";
import { db } from "@/server/db";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";

export const metadata = { title: "Buyers · Price books" };

/** A seller's buyers with their book and overrides, 50 a page by name (docs/lists.md), searchable by name. */
export default async function BuyersPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const { actor, account, can } = await requirePagePermission(accountId, "prices:read");
  const list = parseListParams(await searchParams, { sortKeys: ["name"] as const, defaultSort: "name", defaultPageSize: 50 });
  const page = await orNotFound(listBuyers(db, { actor, sellerId: account.id, q: list.q, page: list.page, pageSize: list.pageSize }));
  const base = `/a/${account.id}/prices/buyers`;
  return (
    <>
      <PageHeader
        title="Price books"
        description={`The accounts directly below ${account.name} buy from it: each is on one price book${page.defaultBook ? ` (${page.defaultBook.name} unless it has its own)` : ""}, with its own prices or discounts where you give them.`}
      />
      <PriceTabs sellerId={account.id} current="buyers" />
      <ListFilters searchLabel="Search buyers" searchPlaceholder="Account name" q={list.q} hidden={{ pageSize: String(list.pageSize) }} />
      {page.total === 0 ? (
        <EmptyState title={list.q ? "No buyer matches this search" : "No buyers yet"}>{list.q ? "Change or clear the search." : "Accounts created below this one buy from it."}</EmptyState>
      ) : (
        <>
          <BuyersTable
            sellerId={account.id}
            canManage={can("prices:manage")}
            rows={page.rows.map((row) => ({ id: row.id, name: row.name, kind: row.kind, bookName: row.book?.name ?? null, onDefault: row.onDefault, overrideCount: row.overrideCount }))}
          />
          <Pagination basePath={base} params={{ q: list.q, pageSize: String(list.pageSize) }} page={page} noun={noun("buyer")} />
        </>
      )}
    </>
  );
}
