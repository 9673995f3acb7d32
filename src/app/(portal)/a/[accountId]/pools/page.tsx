import { AssignAnnualForm, BuyBlockForm, RecoverForm } from "@/components/pools/annual-pool-forms";
import { ClientPoolLicencesCard } from "@/components/pools/client-pool-licences";
import { PoolTabs, SimpleTable, cell } from "@/components/pools/pool-tabs";
import { PriceTierForm, RemovePriceTierButton } from "@/components/pools/price-tier-forms";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { Pagination } from "@/components/ui/pagination";
import { listPositionQuery, parseListParams, readStringParam } from "@/lib/list-params";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatCents } from "@/lib/money";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getAnnualPools } from "@/server/pools/get-annual-pools";
import { getClientPoolLicences } from "@/server/pools/get-client-pool-licences";
import { listPoolServices } from "@/server/accounts/get-partner-in-reach";
import { listPriceTiers } from "@/server/pools/price-tiers";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Licence pools" };

export default async function PoolsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const recovered = readStringParam(search, "recovered");
  const context = await requirePagePermission(accountId, "account:read");
  const { account, actor } = context;

  if (account.kind === "DISTRIBUTOR") {
    const [tiers, services] = await Promise.all([listPriceTiers(db, { actor, accountId: account.id }), listPoolServices(db)]);
    const canManage = context.can("account:manage");
    return (
      <>
        <PageHeader title="Licence pools" description="Volume-discount price tiers your partners pay for annual pool licences, per licence and year." />
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr] [&>*]:min-w-0">
          {tiers.length === 0 ? (
            <EmptyState title="No price tiers yet">Partners can buy annual licences of a product once it has at least one tier.</EmptyState>
          ) : (
            <SimpleTable caption="Price tiers" headers={["Product", "From licences", "Price per licence and year", ""]}>
              {tiers.map((tier) => (
                <tr key={tier.id}>
                  <td className={cell}>{tier.service.name}</td>
                  <td className={cell}>{tier.minQuantity}</td>
                  <td className={cell}>{formatCents(tier.unitPriceCents)}</td>
                  <td className={cell}>{canManage && <RemovePriceTierButton accountId={account.id} tierId={tier.id} label={`${tier.service.name} from ${tier.minQuantity}`} />}</td>
                </tr>
              ))}
            </SimpleTable>
          )}
          {canManage && (
            <Card title="Add or change a tier">
              <PriceTierForm accountId={account.id} services={services} />
            </Card>
          )}
        </div>
      </>
    );
  }

  if (account.kind === "CUSTOMER") {
    const data = await getClientPoolLicences(db, { actor, accountId: account.id });
    return (
      <>
        <PageHeader title="Licence pools" description="Licences your partner assigned to this account from its pools." />
        {data.annual.length + data.monthly.length + data.notices.length === 0 ? (
          <EmptyState title="No pool licences">Licences your partner assigns from its pools appear here.</EmptyState>
        ) : (
          <ClientPoolLicencesCard data={data} timezone={account.billingTimezone} />
        )}
      </>
    );
  }

  // Assigned licences are a list like the others: 50 a page, newest first (docs/pools-and-points.md#assigned-licences).
  const list = parseListParams(search, { sortKeys: ["assigned"] as const, defaultSort: "assigned", defaultPageSize: 50 });
  const view = await getAnnualPools(db, { actor, partnerId: account.id, page: list.page, pageSize: list.pageSize });
  const assignments = view.assignments;
  const position = listPositionQuery(search);
  const poolLabel = (pool: (typeof view.pools)[number]) => `${pool.service.name} · ${pool.years} year${pool.years > 1 ? "s" : ""} (${pool.available} available)`;
  return (
    <>
      <PageHeader title="Licence pools" description="Annual pools of virtual licences: they never expire while in the pool; a term starts when you assign them." />
      <PoolTabs accountId={account.id} current="" />
      {recovered && /^\d+$/.test(recovered) && (
        <Notice>
          {formatCount(Number(recovered), noun("licence"))} recovered to the pool; {remainingNotice(readStringParam(search, "remaining"))}.
        </Notice>
      )}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <div className="space-y-6">
          <section aria-labelledby="available-heading" className="space-y-2">
            <h2 id="available-heading" className="text-base font-semibold text-slate-900">
              My available licenses
            </h2>
            {view.pools.length === 0 ? (
              <EmptyState title="No licences in the pool">Buy a block of licences to fill the pool.</EmptyState>
            ) : (
              <SimpleTable caption="My available licenses" headers={["Product", "Duration", "Available", "Trial licences"]}>
                {view.pools.map((pool) => (
                  <tr key={pool.id}>
                    <td className={cell}>{pool.service.name}</td>
                    <td className={cell}>
                      {pool.years} year{pool.years > 1 ? "s" : ""}
                    </td>
                    <td className={cell}>{pool.available}</td>
                    <td className={cell}>{pool.trialLicencesAllowed ? <Badge tone="green">Can be assigned</Badge> : <Badge>Not available</Badge>}</td>
                  </tr>
                ))}
              </SimpleTable>
            )}
          </section>
          <section aria-labelledby="assigned-heading" className="space-y-2">
            <h2 id="assigned-heading" className="text-base font-semibold text-slate-900">
              Assigned licences
            </h2>
            {assignments.rows.length === 0 ? (
              <EmptyState title="Nothing assigned yet" />
            ) : (
              <>
                <SimpleTable caption="Assigned licences" headers={["Client", "Product", "Licences", "Term", "Most active on one day", "Recoverable", ...(view.canManage ? ["Recover"] : [])]}>
                  {assignments.rows.map((row) => (
                    <tr key={row.id}>
                      <td className={cell}>{row.clientName}</td>
                      <td className={cell}>
                        {row.product} · {row.years}y
                      </td>
                      <td className={cell}>
                        {row.quantity}
                        {row.quantity !== row.initialQuantity && <span className="block text-xs text-slate-500">of {row.initialQuantity} assigned</span>}
                      </td>
                      <td className={cell}>
                        {row.startsOn} – {row.endsOn}
                        {!row.usage.inTerm && <span className="block text-xs text-slate-500">not running</span>}
                      </td>
                      <td className={cell}>{row.usage.maxActive}</td>
                      <td className={cell}>{row.usage.recoverable}</td>
                      {view.canManage && (
                        <td className={cell}>
                          {row.usage.recoverable > 0 ? (
                            <RecoverForm accountId={account.id} assignmentId={row.id} recoverable={row.usage.recoverable} label={`${row.clientName} (${row.product})`} list={position} />
                          ) : (
                            <span className="text-xs text-slate-500">—</span>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </SimpleTable>
                <Pagination basePath={`/a/${account.id}/pools`} params={{ pageSize: String(list.pageSize) }} page={assignments} noun={noun("assignment")} />
              </>
            )}
          </section>
        </div>
        <div className="space-y-6">
          {view.canManage && (
            <>
              <Card title="Buy licences">
                <BuyBlockForm accountId={account.id} services={view.services} tiers={view.tiers} />
              </Card>
              <Card title="Assign licences to a client">
                <AssignAnnualForm accountId={account.id} pools={view.pools.filter((p) => p.available > 0).map((p) => ({ id: p.id, label: poolLabel(p) }))} />
              </Card>
            </>
          )}
          <Card title={`Price list${view.distributorName ? ` of ${view.distributorName}` : ""}`}>
            {view.tiers.length === 0 ? (
              <p className="text-sm text-slate-600">No price tiers yet.</p>
            ) : (
              <ul className="space-y-1 text-sm text-slate-700">
                {view.tiers.map((tier) => (
                  <li key={tier.id}>
                    {tier.product}: from {formatCount(tier.minQuantity, noun("licence"))}, {formatCents(tier.unitPriceCents)} per licence and year
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}

/** "3 stay assigned", "1 stays assigned"; the URL's figure only when it is one. */
function remainingNotice(value: string | undefined): string {
  if (!value || !/^\d{1,9}$/.test(value)) return "the rest stay assigned";
  return `${Number(value).toLocaleString("en-US")} ${value === "1" ? "stays" : "stay"} assigned`;
}
