import Link from "next/link";
import { CreateLocationForm } from "@/components/locations/location-forms";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ListFilters } from "@/components/ui/list-filters";
import { Card, PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { dbDateToIso } from "@/lib/dates";
import { parseListParams, readEnumParam } from "@/lib/list-params";
import { LICENCE_STATUS_LABEL, LICENCE_STATUS_TONE, LICENCE_STATUSES, SECTOR_LABEL, SECTORS } from "@/lib/labels";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listLocations } from "@/server/locations/list-locations";
import { noun } from "@/lib/plural";

export const metadata = { title: "Locations" };

export default async function LocationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  const list = parseListParams(search, { sortKeys: ["name"] as const, defaultSort: "name" });
  const sector = readEnumParam(search, "sector", SECTORS);
  const licenceStatus = readEnumParam(search, "licenseStatus", [...LICENCE_STATUSES, "NONE"] as const);
  const page = await listLocations(db, { actor, accountId: account.id, q: list.q || undefined, sector, licenceStatus, page: list.page, pageSize: list.pageSize });
  // A new location's organisation is searched among the accounts below (docs/screens.md#async-combobox); it starts as this one.
  const canCreate = can("account:manage") && account.kind !== "DISTRIBUTOR";
  const base = `/a/${account.id}/locations`;
  return (
    <>
      <PageHeader title="Locations" description={`Sites of ${account.name} and the accounts below it, with their licence.`} />
      <ListFilters
        searchLabel="Search locations"
        searchPlaceholder="Site name or address"
        q={list.q}
        selects={[
          { name: "sector", label: "Sector", value: sector, options: SECTORS.map((value) => ({ value, label: SECTOR_LABEL[value] })) },
          {
            name: "licenseStatus",
            label: "License status",
            value: licenceStatus,
            options: [...LICENCE_STATUSES.map((value) => ({ value, label: LICENCE_STATUS_LABEL[value] })), { value: "NONE", label: "No license" }],
          },
        ]}
        hidden={{ pageSize: String(list.pageSize) }}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr]">
        <div>
          {page.total === 0 ? (
            <EmptyState title={list.q || sector || licenceStatus ? "No location matches these filters" : "No locations yet"}>
              A licence is requested for a location: create the location first.
            </EmptyState>
          ) : (
            <>
              <div className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
                <table className="min-w-full divide-y divide-slate-200 text-sm">
                  <caption className="sr-only">Locations</caption>
                  <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                    <tr>
                      <th scope="col" className="px-3 py-2.5">Location</th>
                      <th scope="col" className="px-3 py-2.5">Organization</th>
                      <th scope="col" className="px-3 py-2.5">Sector</th>
                      <th scope="col" className="px-3 py-2.5">APs</th>
                      <th scope="col" className="px-3 py-2.5">Rooms</th>
                      <th scope="col" className="px-3 py-2.5">License status</th>
                      <th scope="col" className="px-3 py-2.5">License end date</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {page.rows.map((row) => (
                      <tr key={row.id} className="hover:bg-slate-50">
                        <td className="px-3 py-2.5">
                          <Link href={`${base}/${row.id}`} className="font-medium text-brand-700 hover:underline">
                            {row.name}
                          </Link>
                          <span className="block text-xs text-slate-500">{row.address}</span>
                        </td>
                        <td className="px-3 py-2.5">{row.organization}</td>
                        <td className="px-3 py-2.5">{SECTOR_LABEL[row.sector]}</td>
                        <td className="px-3 py-2.5 tabular-nums">{row.accessPoints}</td>
                        <td className="px-3 py-2.5 tabular-nums">{row.sector === "HOSPITALITY" ? row.rooms : "—"}</td>
                        <td className="px-3 py-2.5">
                          {row.licenceStatus ? <Badge tone={LICENCE_STATUS_TONE[row.licenceStatus]}>{LICENCE_STATUS_LABEL[row.licenceStatus]}</Badge> : <span className="text-slate-500">No license</span>}
                          {row.renewalStartsOn ? <span className="mt-0.5 block text-xs text-slate-600">Renewal starts on {dbDateToIso(row.renewalStartsOn)}</span> : null}
                        </td>
                        <td className="px-3 py-2.5 tabular-nums">{row.licenceEndsOn ? dbDateToIso(row.licenceEndsOn) : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination
                basePath={base}
                params={{ q: list.q || undefined, sector, licenseStatus: licenceStatus, pageSize: String(list.pageSize) }}
                page={page}
                noun={noun("location")}
              />
            </>
          )}
        </div>
        {canCreate && (
          <Card title="Add location">
            <CreateLocationForm accountId={account.id} owner={{ id: account.id, name: account.name }} />
          </Card>
        )}
      </div>
    </>
  );
}
