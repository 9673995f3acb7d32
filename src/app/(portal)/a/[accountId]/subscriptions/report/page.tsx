import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportLinks } from "@/components/ui/export-links";
import { ListFilters } from "@/components/ui/list-filters";
import { PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/errors";
import { readStringParam } from "@/lib/list-params";
import { requirePagePermission } from "@/server/auth/portal-context";
import { db } from "@/server/db";
import { getPackageUsage, listReportMonths, PACKAGE_MONTH_FINAL_AFTER_DAYS } from "@/server/subscriptions/get-package-usage";

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
  let report: Awaited<ReturnType<typeof getPackageUsage>>;
  try {
    report = await getPackageUsage(db, { actor, accountId: account.id, month: readStringParam(search, "month") });
  } catch (error) {
    if (error instanceof AppError && error.code === "INVALID") notFound();
    throw error;
  }
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
        actions={can("export") ? <ExportLinks href={`/a/${account.id}/subscriptions/report/export`} params={{ month: report.month }} label="usage report" /> : undefined}
      />
      <ListFilters selects={[{ name: "month", label: "Month", value: report.month, options: months.sort().reverse().map((m) => ({ value: m, label: m })) }]} />
      {report.packages.length === 0 ? (
        <EmptyState title="No subscriptions in this month">Usage is reported per package for the months the customer held a subscription.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
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
      <div className="mt-4 space-y-1 text-sm text-slate-600">
        <p>Active utilisation: a user or endpoint that sent no telemetry during the month is not billed; every one that did is billed once per package.</p>
        <p>A user with paired devices counts once (the user); a user covered by two packages counts in both; users with no package and standalone endpoints count for the base package.</p>
        <p>{report.final ? "This month is final: its figures never change." : `Not final: figures follow live telemetry until every day of the month is ${PACKAGE_MONTH_FINAL_AFTER_DAYS} days old.`}</p>
      </div>
    </>
  );
}
