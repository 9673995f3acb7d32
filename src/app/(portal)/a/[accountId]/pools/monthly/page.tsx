import { notFound } from "next/navigation";
import { AssignMonthlyForm, AutoExchangeForm, ExchangeForm, PriorityForm } from "@/components/pools/monthly-pool-forms";
import { PoolTabs, SimpleTable, cell } from "@/components/pools/pool-tabs";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/dates";
import { parseListParams, readStringParam } from "@/lib/list-params";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getMonthlyPools } from "@/server/pools/get-monthly-pools";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Monthly pool" };

export default async function MonthlyPoolPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { account, actor } = await requirePagePermission(accountId, "account:read");
  if (account.kind !== "MSSP") notFound();
  // Each pool's clients are a list like the others, 50 a page; `pool=` says which pool's list the cursor pages.
  const list = parseListParams(search, { sortKeys: ["renewal"] as const, defaultSort: "renewal", defaultPageSize: 50 });
  const view = await getMonthlyPools(db, { actor, partnerId: account.id, pagedPoolId: readStringParam(search, "pool"), page: list.page, pageSize: list.pageSize });
  return (
    <>
      <PageHeader
        title="Licence pools"
        description={`Monthly licences exchanged for points protect devices until ${view.nextFirst}, when they are renewed automatically. Today is ${view.today} (${account.billingTimezone}).`}
      />
      <PoolTabs accountId={account.id} current="/monthly" />
      {view.pools.filter((pool) => pool.forecast.warn).map((pool) => (
        <p key={pool.id} role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-300">
          The renewal of {pool.product} on {view.nextFirst} will be short: {formatCount(pool.forecast.needed, noun("licence"))} needed, {pool.forecast.covered} covered.{" "}
          {formatCount(pool.forecast.short, noun("device"))} will lose protection unless you exchange {pool.forecast.short * pool.price} more points for the renewal.
        </p>
      ))}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <div className="space-y-6">
          {view.pools.length === 0 && <EmptyState title="No monthly pool yet">Exchange points for licences to create one.</EmptyState>}
          {view.pools.map((pool) => (
            <section key={pool.id} aria-labelledby={`pool-${pool.id}`} className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <h2 id={`pool-${pool.id}`} className="text-base font-semibold text-slate-900">
                {pool.product} (MSSP Command)
              </h2>
              <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                <div>
                  <dt className="text-slate-600">Protected devices</dt>
                  <dd className="text-lg font-semibold">{pool.assignedDevices}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Free to assign this month</dt>
                  <dd className="text-lg font-semibold">{pool.availableDevices}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Licences for the renewal on {view.nextFirst}</dt>
                  <dd className="text-lg font-semibold">{pool.renewalLicences}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Price</dt>
                  <dd className="text-lg font-semibold">{pool.price} points per licence</dd>
                </div>
              </dl>
              <p className={pool.forecast.short > 0 ? "text-sm font-medium text-amber-800" : "text-sm text-slate-700"} data-testid="renewal-forecast">
                Next renewal on {view.nextFirst}: {formatCount(pool.forecast.needed, noun("licence"))} needed, {pool.forecast.covered} covered
                {pool.forecast.short > 0 ? ` — ${pool.forecast.short} short.` : "."}
              </p>
              {pool.renewalPending && <p className="text-sm text-slate-600">The renewal for this month runs with the next scheduled run or your next change to this pool.</p>}
              {view.canManage && <AutoExchangeForm accountId={account.id} poolId={pool.id} enabled={pool.autoExchange} product={pool.product} />}
              <h3 className="pt-2 text-sm font-semibold text-slate-900">Clients in renewal order</h3>
              {pool.assignments.rows.length === 0 ? (
                <p className="text-sm text-slate-600">No client has monthly licences of this product.</p>
              ) : (
                <>
                  <SimpleTable caption={`Clients of ${pool.product} in renewal order`} headers={["Order", "Client", "Devices", "Assigned on", "Priority"]}>
                    {pool.assignments.rows.map((a) => (
                      <tr key={a.id}>
                        <td className={cell}>{a.order ?? "—"}</td>
                        <td className={cell}>{a.clientName}</td>
                        <td className={cell}>{a.devices}</td>
                        <td className={cell}>{formatDateTime(a.assignedOn, account.billingTimezone)}</td>
                        <td className={cell}>
                          {view.canManage ? <PriorityForm accountId={account.id} assignmentId={a.id} priority={a.priority} clientName={a.clientName} /> : (a.priority ?? "—")}
                        </td>
                      </tr>
                    ))}
                  </SimpleTable>
                  <Pagination basePath={`/a/${account.id}/pools/monthly`} params={{ pool: pool.id, pageSize: String(list.pageSize) }} page={pool.assignments} noun={noun("client")} label={`Pages of the clients of ${pool.product}`} />
                </>
              )}
              <p className="text-xs text-slate-500">Explicit priorities (1 first) are renewed first, then the oldest assignments.</p>
              {view.canManage && pool.availableDevices > 0 && <AssignMonthlyForm accountId={account.id} poolId={pool.id} product={pool.product} />}
              <h3 className="pt-2 text-sm font-semibold text-slate-900">Renewals and shortfalls</h3>
              {pool.renewals.length === 0 ? (
                <p className="text-sm text-slate-600">No renewal yet.</p>
              ) : (
                <SimpleTable caption={`Renewal history of ${pool.product}`} headers={["Month", "Needed", "Renewed", "Exchanged automatically", "Short", "Clients discounted"]}>
                  {pool.renewals.map((r) => (
                    <tr key={r.id}>
                      <td className={cell}>{r.month.slice(0, 7)}</td>
                      <td className={cell}>{r.needed}</td>
                      <td className={cell}>{r.renewed}</td>
                      <td className={cell}>{r.autoExchanged ? `${r.autoExchanged} (${r.pointsSpent} points)` : "—"}</td>
                      <td className={cell}>{r.shortfall}</td>
                      <td className={cell}>
                        {r.discountedLines.map((l) => `${l.clientName}: ${l.discounted} of ${l.needed}`).join("; ") || "—"}
                      </td>
                    </tr>
                  ))}
                </SimpleTable>
              )}
            </section>
          ))}
          {view.notices.length > 0 && (
            <Card title="Shortfall notices">
              <ul className="space-y-2">
                {view.notices.map((notice) => (
                  <li key={notice.id} className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
                    <span className="block text-xs text-amber-700">{formatDateTime(notice.createdAt, account.billingTimezone)}</span>
                    {notice.message}
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </div>
        <div className="space-y-6">
          <Card title="Points balance">
            <p className="text-2xl font-semibold text-slate-900">{view.balance} points</p>
          </Card>
          {view.canManage && (
            <Card title="Exchange points">
              <ExchangeForm accountId={account.id} today={view.today} nextFirst={view.nextFirst} balance={view.balance} services={view.services} />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
