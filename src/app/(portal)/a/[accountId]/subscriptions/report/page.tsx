import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportLinks } from "@/components/ui/export-links";
import { ListFilters } from "@/components/ui/list-filters";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { buttonClasses } from "@/components/ui/button";
import { parseListParams, readEnumParam, readStringParam } from "@/lib/list-params";
import { isUuid } from "@/lib/ids";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getPackageReportPage, listReportMonths, PACKAGE_MONTH_FINAL_AFTER_DAYS, type PackageSeatFilters, SEAT_KIND_LABEL, SILENT_LABEL, seatDisplayName } from "@/server/usage";
import { noun } from "@/lib/plural";

export const metadata = { title: "Usage/Report" };

export default async function PackageUsageReportPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account, can } = await requirePagePermission(accountId, "usage:read");
  if (account.kind !== "CUSTOMER") notFound();
  // The detail's filters: a package of this month's report (anything else = all), billed or silent, a search.
  const list = parseListParams(search, { sortKeys: ["seat"] as const, defaultSort: "seat", defaultPageSize: 50 });
  const packageParam = readStringParam(search, "package");
  const asked: PackageSeatFilters = {
    packageId: packageParam && isUuid(packageParam) ? packageParam : undefined,
    status: readEnumParam(search, "status", ["billed", "silent"] as const),
    q: list.q || undefined,
  };
  // Totals and the detail's page in one statement: an open month is computed once.
  const { report, detail, packageFilter } = await orNotFound(
    getPackageReportPage(db, { actor, accountId: account.id, month: readStringParam(search, "month"), filters: asked, page: list.page, pageSize: list.pageSize }),
    { codes: ["INVALID"] },
  );
  const filters: PackageSeatFilters = { ...asked, packageId: packageFilter };
  const detailParams = { month: report.month, package: filters.packageId, status: filters.status, q: filters.q };
  const base = `/a/${account.id}/subscriptions/report`;
  const months = await listReportMonths(db, account);
  if (!months.includes(report.month)) months.push(report.month);
  const totals = report.packages.reduce(
    (sum, p) => ({ billed: sum.billed + p.billedSeats, paired: sum.paired + p.pairedUsers, standalone: sum.standalone + p.standaloneEndpoints, silent: sum.silent + p.silentNotBilled }),
    { billed: 0, paired: 0, standalone: 0, silent: 0 },
  );
  return (
    <>
      <PageHeader
        title="Usage/Report"
        description={
          <>
            Detailed consumption of <Link href={`/a/${account.id}/subscriptions`} className="text-brand-700 underline">{account.name}</Link> per package,{" "}
            {report.month} ({account.billingTimezone}){" "}
            {report.final ? <Badge tone="green">final</Badge> : <Badge tone="amber">not final</Badge>}
          </>
        }
        actions={can("export") ? <ExportLinks href={`${base}/export`} params={detailParams} label="usage report" /> : undefined}
      />
      <ListFilters label="Month of the report" selects={[{ name: "month", label: "Month", value: report.month, options: months.sort().reverse().map((m) => ({ value: m, label: m })) }]} />
      {report.packages.length === 0 ? (
        <EmptyState title="No subscriptions in this month">Usage is reported per package for the months the customer held a subscription.</EmptyState>
      ) : (
        <div tabIndex={0} role="region" aria-label="Consumption per package (scrolls sideways)" className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Consumption per package</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Package</th>
                <th scope="col" className="px-3 py-2">Service</th>
                <th scope="col" className="px-3 py-2 text-right">Billed seats</th>
                <th scope="col" className="px-3 py-2 text-right">Paired users</th>
                <th scope="col" className="px-3 py-2 text-right">Standalone endpoints</th>
                <th scope="col" className="px-3 py-2 text-right">Silent (not billed)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {report.packages.map((p) => (
                <tr key={p.packageId}>
                  <td className="px-3 py-2"><span className="font-medium">{p.packageName}</span> <span className="font-mono text-xs text-slate-500">{p.sku}</span></td>
                  <td className="px-3 py-2">{p.serviceName}</td>
                  <td className="px-3 py-2 text-right font-semibold tabular-nums">{p.billedSeats}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{p.pairedUsers}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{p.standaloneEndpoints}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{p.silentNotBilled}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="bg-slate-50 font-medium">
              <tr>
                <th scope="row" colSpan={2} className="px-3 py-2 text-left">Total</th>
                <td className="px-3 py-2 text-right tabular-nums">{totals.billed}</td>
                <td className="px-3 py-2 text-right tabular-nums">{totals.paired}</td>
                <td className="px-3 py-2 text-right tabular-nums">{totals.standalone}</td>
                <td className="px-3 py-2 text-right tabular-nums">{totals.silent}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {report.packages.length > 0 && (
        <section aria-labelledby="detail-heading" className="mt-8">
          <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="detail-heading" className="text-lg font-semibold text-slate-900">Detail</h2>
              <p className="text-sm text-slate-600">
                Every billed seat (an end user with the devices active in the month, or a standalone endpoint) and every silent one, per package.
              </p>
            </div>
            {can("export") && (
              <a className={buttonClasses("secondary")} href={`${base}/export?${new URLSearchParams({ format: "csv", detail: "1", ...definedOnly(detailParams) })}`} download>
                Export detail CSV
              </a>
            )}
          </div>
          {detail.source === "recomputed" && (
            <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
              This month was rolled up before its seat lines were kept: the detail is recomputed from the daily activity and the
              assignment history, so records purged since the roll-up are missing from it. The totals above are the billed figures.
            </p>
          )}
          <ListFilters
            label="Filter the detail"
            searchLabel="Search seats"
            searchPlaceholder="Name, email or external id"
            q={list.q}
            selects={[
              { name: "package", label: "Package", value: filters.packageId, options: report.packages.map((p) => ({ value: p.packageId, label: `${p.packageName} (${p.sku})` })) },
              { name: "status", label: "Billing", value: filters.status, options: [{ value: "billed", label: "Billed" }, { value: "silent", label: SILENT_LABEL }] },
            ]}
            hidden={{ month: report.month, pageSize: String(list.pageSize) }}
          />
          {detail.page.total === 0 ? (
            <EmptyState title="No seat matches">No end user or endpoint of this month matches the filters.</EmptyState>
          ) : (
            <>
              {/* Focusable, so keyboard users can scroll it sideways on a narrow screen. */}
              <div tabIndex={0} role="region" aria-label="Detail lines (scrolls sideways)" className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
                <table className="min-w-full divide-y divide-slate-200 text-sm">
                  <caption className="sr-only">Seats per package</caption>
                  <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                    <tr>
                      <th scope="col" className="px-3 py-2">Package</th>
                      <th scope="col" className="px-3 py-2">Seat</th>
                      <th scope="col" className="px-3 py-2">External id</th>
                      <th scope="col" className="px-3 py-2 text-right">Devices active</th>
                      <th scope="col" className="px-3 py-2">First active</th>
                      <th scope="col" className="px-3 py-2">Last active</th>
                      <th scope="col" className="px-3 py-2">Billing</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {detail.page.rows.map((seat) => (
                      <tr key={`${seat.packageId}-${seat.seatId}`}>
                        <td className="px-3 py-2 whitespace-nowrap">{seat.packageName} <span className="font-mono text-xs text-slate-500">{seat.sku}</span></td>
                        <td className="px-3 py-2 whitespace-nowrap">
                          <span className={seat.name || seat.externalId ? "font-medium" : "italic text-slate-500"}>{seatDisplayName(seat)}</span>
                          <span className="block text-xs text-slate-500">{seat.email ?? SEAT_KIND_LABEL[seat.kind]}</span>
                        </td>
                        <td className="px-3 py-2 whitespace-nowrap font-mono text-xs">{seat.externalId ?? "—"}</td>
                        <td className="px-3 py-2 text-right tabular-nums">{seat.devices}</td>
                        <td className="px-3 py-2 whitespace-nowrap tabular-nums">{seat.firstActiveDay ?? "—"}</td>
                        <td className="px-3 py-2 whitespace-nowrap tabular-nums">{seat.lastActiveDay ?? "—"}</td>
                        <td className="px-3 py-2">{seat.billed ? <Badge tone="green">Billed</Badge> : <Badge tone="slate">{SILENT_LABEL}</Badge>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination
                basePath={base}
                params={{ ...detailParams, pageSize: String(list.pageSize) }}
                page={detail.page}
                noun={noun("seat")}
              />
            </>
          )}
        </section>
      )}
      <div className="mt-4 space-y-1 text-sm text-slate-600">
        <p>Active utilisation: a user or endpoint that sent no telemetry during the month is not billed; every one that did is billed once per package.</p>
        <p>A user with paired devices counts once (the user); a user covered by two packages counts in both; users with no package and standalone endpoints count for the base package.</p>
        <p>Silent — not billed: an assigned user, or for the base package an unassigned user or standalone endpoint, known in the month that sent no telemetry in it.</p>
        <p>{report.final ? "This month is final: its figures and its detail never change." : `Not final: figures follow live telemetry until every day of the month is ${PACKAGE_MONTH_FINAL_AFTER_DAYS} days old.`}</p>
      </div>
    </>
  );
}

function definedOnly(params: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
