import { notFound } from "next/navigation";
import { ContractsTable } from "@/components/contracts/contracts-table";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportLinks } from "@/components/ui/export-links";
import { ListFilters } from "@/components/ui/list-filters";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { CONTRACT_STATUS_LABEL, CONTRACT_TYPE_LABEL } from "@/lib/labels";
import { parseListParams, readStringParam } from "@/lib/list-params";
import { CONTRACT_SORTS, listContracts } from "@/server/contracts/list-contracts";
import { parseContractFilters, contractFiltersToParams } from "@/server/contracts/contract-filters";
import { listServiceNames } from "@/server/contracts/list-service-names";
import { requirePagePermission } from "@/server/edge/portal-context";
import { canHaveChildren } from "@/server/auth/permissions";
import { db } from "@/server/db";
import { getClientPoolLicences } from "@/server/pools/get-client-pool-licences";
import { ClientPoolLicencesCard } from "@/components/pools/client-pool-licences";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Services & Contracts" };

const NOTICES: Record<string, (value: string) => string> = {
  added: (value) => `Contract ${value} added.`,
  updated: () => "Changes applied.",
  canceled: (value) =>
    value === "addon"
      ? "AddOn canceled. Billing for it stops from the next metering day."
      : "Contract canceled. Billing for it stops from the next metering day.",
  // The count comes from the URL: anything but a number says it without one.
  imported: (value) => (/^\d{1,9}$/.test(value) ? `${formatCount(Number(value), noun("contract"))} imported.` : "Contracts imported."),
};

export default async function ContractsPage({
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
  const list = parseListParams(search, { sortKeys: CONTRACT_SORTS, defaultSort: "service" });
  const filters = parseContractFilters(search, list);
  const [page, services] = await Promise.all([
    listContracts(db, { actor, accountId: account.id, filters, page: list.page, pageSize: list.pageSize }),
    listServiceNames(db),
  ]);
  // Licences assigned from the partner's pools show beside the contracts (docs/pools-and-points.md#annual-pools).
  const poolLicences = await getClientPoolLicences(db, { actor, accountId: account.id });
  const base = `/a/${account.id}/contracts`;
  const filterParams = contractFiltersToParams(filters);
  const notice = Object.entries(NOTICES).flatMap(([key, text]) => {
    const value = readStringParam(search, key);
    return value ? [text(value)] : [];
  })[0];
  const isAdmin = can("account:manage");

  return (
    <>
      <PageHeader
        title="Services & Contracts"
        description={
          page.canManage
            ? `Contracts of ${account.name}. Status is computed for today, ${page.today}, in ${account.billingTimezone}.`
            : `Contracts of ${account.name}, managed by its parent account (read-only). Today is ${page.today} in ${account.billingTimezone}.`
        }
        actions={
          <>
            {page.canManage && <ButtonLink href={`${base}/new`}>Add Contract</ButtonLink>}
            {isAdmin && account.userCenterId && (
              <ButtonLink variant="secondary" href={`${base}/sync`}>
                Sync UC
              </ButtonLink>
            )}
            {isAdmin && (page.canManage || canHaveChildren(account.kind)) && (
              <ButtonLink variant="secondary" href={`${base}/import`}>
                Import contracts
              </ButtonLink>
            )}
            {can("export") && <ExportLinks href={`${base}/export`} params={filterParams} label="contracts" />}
          </>
        }
      />
      {notice && (
        <Notice>{notice}</Notice>
      )}
      <ListFilters
        selects={[
          { name: "service", label: "Service", value: filters.serviceId, options: services.map((s) => ({ value: s.id, label: s.name })) },
          {
            name: "type",
            label: "Contract type",
            value: filters.type,
            options: Object.entries(CONTRACT_TYPE_LABEL).map(([value, label]) => ({ value, label })),
          },
          {
            name: "status",
            label: "Contracts Status",
            value: filters.status,
            options: Object.entries(CONTRACT_STATUS_LABEL).map(([value, label]) => ({ value, label })),
          },
        ]}
        hidden={{ sort: list.sort, dir: list.dir }}
      >
        <label className="flex items-center gap-2 self-center pt-4 text-sm text-slate-700">
          <input type="checkbox" name="archived" value="1" defaultChecked={filters.showArchived} className="h-4 w-4 rounded border-slate-300" />
          Show archived contracts
        </label>
      </ListFilters>
      {/* Always mounted, so its "Contract archived." message survives archiving the last contract shown. */}
      <ContractsTable
        accountId={account.id}
        rows={page.rows}
        canActivate={isAdmin}
        empty={
          <EmptyState title={filterParams.type || filterParams.status || filterParams.service ? "No contract matches these filters" : "No contracts yet"}>
            {page.canManage ? "Add the first one with Add Contract." : "Contracts added by the parent account appear here."}
          </EmptyState>
        }
      />
      {page.total > 0 && (
        <Pagination
          basePath={base}
          params={{ ...filterParams, sort: list.sort, dir: list.dir, pageSize: String(list.pageSize) }}
          page={page}
          noun={noun("contract")}
        />
      )}
      <div className="mt-6">
        <ClientPoolLicencesCard data={poolLicences} timezone={account.billingTimezone} />
      </div>
    </>
  );
}
