import { notFound } from "next/navigation";
import { GatewaysTable } from "@/components/gateways/gateways-table";
import { PlanFilter } from "@/components/gateways/plan-filter";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportLinks } from "@/components/ui/export-links";
import { ListFilters } from "@/components/ui/list-filters";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { readStringParam } from "@/lib/list-params";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listGateways } from "@/server/gateways/list-gateways";
import { getPlanOption } from "@/server/plans/search-plan-options";
import { getUserPreference } from "@/server/users/user-preferences";
import { gatewayFiltersToParams, parseGatewayFilters } from "./gateway-filters";
import { noun } from "@/lib/plural";

export const metadata = { title: "Gateways" };

/** License type is hidden until the person shows it with the column selector. */
const DEFAULT_COLUMNS = ["name", "account", "plan", "firmware", "lastSeen", "status"];

export default async function GatewaysPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  if (account.kind === "DISTRIBUTOR") notFound();
  const { list, filters } = parseGatewayFilters(search);
  const [page, columns, plan] = await Promise.all([
    listGateways(db, { actor, accountId: account.id, filters, page: list.page, pageSize: list.pageSize }),
    getUserPreference(db, actor.userId, "gateways.columns"),
    // Only the chosen plan, by name: the filter searches the rest on the server (an MSSP can hold 2,000).
    filters.planId ? getPlanOption(db, { actor, account, planId: filters.planId }) : null,
  ]);
  const base = `/a/${account.id}/gateways`;
  const filterParams = gatewayFiltersToParams(filters);
  const notice = readStringParam(search, "registered")
    ? `Gateway ${readStringParam(search, "registered")} registered.`
    : readStringParam(search, "removed")
      ? "Gateway removed."
      : null;
  return (
    <>
      <PageHeader
        title="Gateways"
        description={`Gateways of ${account.name} and the accounts below it.`}
        actions={
          <>
            {can("account:manage") && <ButtonLink href={`${base}/new`}>Register gateway</ButtonLink>}
            {can("export") && <ExportLinks href={`${base}/export`} params={filterParams} label="gateways" />}
          </>
        }
      />
      {notice && (
        <Notice>{notice}</Notice>
      )}
      <ListFilters
        searchLabel="Search gateways"
        searchPlaceholder="Name or serial number"
        q={filters.q}
        selects={[
          {
            name: "licenseType",
            label: "License type",
            value: filters.licenceType,
            options: [
              { value: "SUBSCRIPTION", label: "Subscription" },
              { value: "PAYG", label: "Pay-As-You-Go" },
            ],
          },
        ]}
        hidden={{ sort: list.sort, dir: list.dir, pageSize: String(list.pageSize) }}
      >
        {/* A plan id no option matches still filters (as the export does): it is named as unknown, and "All plans" clears it. */}
        <PlanFilter
          key={filters.planId ?? ""}
          accountId={account.id}
          selected={filters.planId ? { id: filters.planId, name: plan?.name ?? "Unknown plan" } : null}
        />
      </ListFilters>
      {page.total === 0 ? (
        <EmptyState title={filters.q || filters.licenceType || filters.planId ? "No gateway matches these filters" : "No gateways yet"}>
          {can("account:manage") ? "Register a gateway to manage its licence." : "Gateways registered by an admin appear here."}
        </EmptyState>
      ) : (
        <>
          <GatewaysTable accountId={account.id} rows={page.rows} visibleColumns={columns ?? DEFAULT_COLUMNS} />
          <Pagination
            basePath={base}
            params={{ ...filterParams, sort: list.sort, dir: list.dir, pageSize: String(list.pageSize) }}
            page={page}
            noun={noun("gateway")}
          />
        </>
      )}
    </>
  );
}
