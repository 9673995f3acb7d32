import { LicencesTable } from "@/components/locations/licences-table";
import { ButtonLink } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportLinks } from "@/components/ui/export-links";
import { ListFilters } from "@/components/ui/list-filters";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { LICENCE_MODULE_CODES, LICENCE_MODULES, LICENCE_STATUS_LABEL, LICENCE_STATUSES } from "@/lib/labels";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listLicences } from "@/server/locations/list-licences";
import { licenceFiltersToParams, parseLicenceFilters } from "./licence-filters";
import { noun } from "@/lib/plural";

export const metadata = { title: "Licenses" };

export default async function LicencesPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  const { list, filters, ending } = parseLicenceFilters(search, account.billingTimezone);
  const page = await listLicences(db, { actor, accountId: account.id, filters, page: list.page, pageSize: list.pageSize });
  const base = `/a/${account.id}/licences`;
  const filterParams = licenceFiltersToParams(filters, ending);
  const filtered = Object.values(filterParams).some(Boolean);
  return (
    <>
      <PageHeader
        title="Licenses"
        description={`Location licences of ${account.name} and the accounts below it: their status and end date.`}
        actions={
          <>
            {account.kind === "DISTRIBUTOR" && can("account:manage") && <ButtonLink href={`${base}/new`}>Request license</ButtonLink>}
            {can("export") && <ExportLinks href={`${base}/export`} params={filterParams} label="licenses" />}
          </>
        }
      />
      <ListFilters
        searchLabel="Search licenses"
        searchPlaceholder="License key, organization or location"
        q={filters.q}
        selects={[
          { name: "status", label: "License status", value: filters.status, options: LICENCE_STATUSES.map((value) => ({ value, label: LICENCE_STATUS_LABEL[value] })) },
          { name: "module", label: "Module", value: filters.module, options: LICENCE_MODULE_CODES.map((value) => ({ value, label: LICENCE_MODULES[value] })) },
          { name: "unit", label: "Licenses", value: filters.unit, options: [{ value: "ACCESS_POINTS", label: "APs" }, { value: "ROOMS", label: "Rooms" }] },
          {
            name: "ending",
            label: "End date",
            value: ending,
            options: [
              { value: "7", label: "Ending in the next 7 days" },
              { value: "30", label: "Ending in the next 30 days" },
              { value: "90", label: "Ending in the next 90 days" },
            ],
          },
        ]}
        hidden={{ sort: list.sort, dir: list.dir, pageSize: String(list.pageSize) }}
      >
        <div>
          <label htmlFor="filter-endFrom" className="block text-xs font-medium text-slate-600">
            End date from
          </label>
          <input id="filter-endFrom" name="endFrom" type="date" defaultValue={ending ? "" : filters.endFrom} className={inputClasses} />
        </div>
        <div>
          <label htmlFor="filter-endTo" className="block text-xs font-medium text-slate-600">
            End date to
          </label>
          <input id="filter-endTo" name="endTo" type="date" defaultValue={ending ? "" : filters.endTo} className={inputClasses} />
        </div>
      </ListFilters>
      {page.total === 0 ? (
        <EmptyState title={filtered ? "No license matches these filters" : "No licenses yet"}>
          In case you require a new license or modification/renewal of existing licenses, please contact the distributor.
        </EmptyState>
      ) : (
        <>
          <LicencesTable accountId={account.id} rows={page.rows} />
          <Pagination
            basePath={base}
            params={{ ...filterParams, sort: list.sort, dir: list.dir, pageSize: String(list.pageSize) }}
            page={page}
            noun={noun("license")}
          />
        </>
      )}
    </>
  );
}
