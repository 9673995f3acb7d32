import { notFound } from "next/navigation";
import { RecoverIdleButton } from "@/components/pools/annual-pool-forms";
import { PoolTabs, SimpleTable, cell } from "@/components/pools/pool-tabs";
import { EmptyState } from "@/components/ui/empty-state";
import { NumberedPages } from "@/components/ui/numbered-pages";
import { Notice } from "@/components/ui/notice";
import { readStringParam } from "@/lib/list-params";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getReconciliation } from "@/server/pools/get-reconciliation";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Reconciliation" };

const RECONCILIATION_PAGE = 50;

export default async function ReconciliationPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const recovered = readStringParam(search, "recovered");
  const { account, actor } = await requirePagePermission(accountId, "account:read");
  if (account.kind !== "MSSP") notFound();
  // 1,000 clients × products: a page at a time, measured for that page only (docs/lists.md#numbered-pages).
  const view = await getReconciliation(db, { actor, partnerId: account.id, page: { requested: readStringParam(search, "page"), size: RECONCILIATION_PAGE } });
  const shown = view.page;
  return (
    <>
      <PageHeader title="Licence pools" description="Per client and product: what is assigned, what is really active and what was billed — with idle licences you can take back." />
      <PoolTabs accountId={account.id} current="/reconciliation" />
      {recovered && /^\d+$/.test(recovered) && <Notice>{formatCount(Number(recovered), noun("idle licence"))} recovered to the pool.</Notice>}
      {view.warnings.map((warning) => (
        <p key={warning.product} role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-300">
          Next renewal ({warning.nextFirst}, in {formatCount(warning.daysAhead, noun("day"))}): {warning.product} needs {formatCount(warning.needed, noun("licence"))} and only{" "}
          {warning.covered} {warning.covered === 1 ? "is" : "are"} covered — {formatCount(warning.short, noun("device"))} will lose protection.
        </p>
      ))}
      {shown.total === 0 ? (
        <EmptyState title="No licences assigned">Assign licences from your pools to see them reconciled here.</EmptyState>
      ) : (
        <SimpleTable
          caption="Reconciliation per client and product"
          headers={["Client", "Product", "Assigned", "Active today", "Most active this month", "Billed (last month)", "Idle", ...(view.canManage ? [""] : [])]}
        >
          {shown.rows.map((row) => (
            <tr key={`${row.clientAccountId}:${row.serviceId}`}>
              <td className={cell}>{row.clientName}</td>
              <td className={cell}>{row.product}</td>
              <td className={cell}>
                {row.assigned}
                <span className="block text-xs text-slate-500">
                  {row.annualAssigned} annual · {row.monthlyDevices} monthly
                </span>
              </td>
              <td className={cell}>{row.activeToday}</td>
              <td className={cell}>{row.maxActiveThisMonth}</td>
              <td className={cell}>{row.billed === null ? "—" : `${row.billed} (${row.billedMonth})`}</td>
              <td className={cell}>{row.idle > 0 ? <strong className="text-amber-800">{row.idle}</strong> : 0}</td>
              {view.canManage && (
                <td className={cell}>
                  {row.idle > 0 && <RecoverIdleButton accountId={account.id} clientAccountId={row.clientAccountId} serviceId={row.serviceId} idle={row.idle} label={`${row.clientName} (${row.product})`} />}
                </td>
              )}
            </tr>
          ))}
        </SimpleTable>
      )}
      <NumberedPages page={shown} label="Pagination" noun={noun("row")} hrefOf={(to) => `/a/${account.id}/pools/reconciliation?page=${to}`} />
      <p className="mt-3 text-xs text-slate-600">
        Active = devices of the product that sent telemetry that day (the client&apos;s timezone). Idle = annual licences assigned beyond the busiest day of their term so far.
        Billed = monthly-active seats metered for the last completed month.
      </p>
    </>
  );
}
