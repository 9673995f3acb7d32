import { BuyerFilter } from "@/components/statements/buyer-filter";
import { StatementsTable } from "@/components/statements/statements-table";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClasses } from "@/components/ui/field";
import { ListFilters } from "@/components/ui/list-filters";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { noun } from "@/lib/plural";
import { STATEMENT_STATUS_LABEL } from "@/lib/statement-labels";
import { directionsOf, findStatementBuyer, listStatements } from "@/server/billing/statements/list-statements";
import { monthName } from "@/server/billing/statements/statement-document";
import { db } from "@/server/db";
import { requirePagePermission } from "@/server/edge/portal-context";
import { parseStatementFilters, statementFiltersToParams } from "./statement-filters";
import { StatementTabs } from "./statement-tabs";

export const metadata = { title: "Statements" };

export default async function StatementsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "usage:read");
  const directions = directionsOf(account);
  const base = `/a/${account.id}/statements`;
  if (directions.length === 0) {
    return (
      <>
        <PageHeader title="Statements" />
        <EmptyState title="No statements">This account neither sells to accounts below it nor buys from one above it.</EmptyState>
      </>
    );
  }
  const { list, filters } = parseStatementFilters(search, directions);
  const [page, buyer] = await Promise.all([
    listStatements(db, { actor, accountId: account.id, filters, page: list.page, pageSize: list.pageSize }),
    filters.buyerId ? findStatementBuyer(db, { actor, accountId: account.id, buyerId: filters.buyerId }) : Promise.resolve(null),
  ]);
  const filterParams = statementFiltersToParams(filters, directions);
  const filtered = Boolean(filters.month || filters.buyerId || filters.status);
  const issued = filters.direction === "issued";
  const monthNames = Object.fromEntries(page.rows.map((row) => [row.month, monthName(row.month)]));
  return (
    <>
      <PageHeader
        title="Statements"
        description={
          issued
            ? `What each buyer of ${account.name} owes it per month. Drafts are recomputed every day while the month is open; a final statement never changes.`
            : `What ${account.name} owes its seller per month. Drafts are recomputed every day while the month is open; a final statement never changes.`
        }
      />
      <StatementTabs accountId={account.id} directions={directions} current={filters.direction} />
      <ListFilters
        label="Filter statements"
        selects={[{ name: "status", label: "Status", value: filters.status, options: (["DRAFT", "FINAL"] as const).map((value) => ({ value, label: STATEMENT_STATUS_LABEL[value] })) }]}
        hidden={{ direction: filterParams.direction, pageSize: String(list.pageSize) }}
      >
        <div>
          <label htmlFor="filter-month" className="block text-xs font-medium text-slate-600">
            Month
          </label>
          <input id="filter-month" name="month" type="month" defaultValue={filters.month} className={inputClasses} />
        </div>
        {issued && <BuyerFilter accountId={account.id} selected={filters.buyerId ? (buyer ?? { id: filters.buyerId, name: "Unknown buyer" }) : null} />}
      </ListFilters>
      {page.total === 0 ? (
        <EmptyState title={filtered ? "No statement matches these filters" : "No statements yet"}>
          {issued
            ? "A buyer gets a statement for a month once this account's price books have prices and the buyer used or held something that month."
            : "Statements from the seller appear here once it has set prices for this account."}
        </EmptyState>
      ) : (
        <>
          <StatementsTable accountId={account.id} rows={page.rows} counterparty={issued ? "Buyer" : "Seller"} monthNames={monthNames} />
          <Pagination basePath={base} params={{ ...filterParams, pageSize: String(list.pageSize) }} page={page} noun={noun("statement")} />
        </>
      )}
    </>
  );
}
