import { notFound } from "next/navigation";
import { CreditPointsForm } from "@/components/pools/points-forms";
import { SimpleTable, cell } from "@/components/pools/pool-tabs";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportLinks } from "@/components/ui/export-links";
import { Card, PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { formatDateTime } from "@/lib/dates";
import { parseListParams } from "@/lib/list-params";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { isDistributorAdminOf } from "@/server/points/credit-points";
import { getPointsLedger, POINTS_KIND_LABEL } from "@/server/points/list-points-ledger";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Points" };

export default async function PointsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const { account, actor, can } = await requirePagePermission(accountId, "account:read");
  if (account.kind !== "MSSP") notFound();
  const list = parseListParams(await searchParams, { sortKeys: ["createdAt"], defaultSort: "createdAt", defaultDir: "desc" });
  const [{ balance, entries }, distributorAdmin] = await Promise.all([
    getPointsLedger(db, { actor, partnerId: account.id, page: list.page, pageSize: list.pageSize }),
    isDistributorAdminOf(db, actor, account),
  ]);
  return (
    <>
      <PageHeader
        title="Points"
        description="MSSP Points: added by your distributor, exchanged for monthly licences and spent at renewals."
        actions={can("export") ? <ExportLinks href={`/a/${account.id}/points/export`} params={{}} label="points ledger" /> : undefined}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <div className="space-y-3">
          {entries.total === 0 ? (
            <EmptyState title="No points movements yet" />
          ) : (
            <>
              <SimpleTable caption="Points ledger" headers={["When", "Movement", "Points", "Balance after", "Why and who"]}>
                {entries.rows.map((row) => (
                  <tr key={row.id}>
                    <td className={`${cell} min-w-24`}>{formatDateTime(row.createdAt, account.billingTimezone)}</td>
                    <td className={cell}>{POINTS_KIND_LABEL[row.kind]}</td>
                    <td className={`${cell} font-medium ${row.delta < 0 ? "text-red-700" : "text-emerald-700"}`}>{row.delta > 0 ? `+${row.delta}` : `−${-row.delta}`}</td>
                    <td className={cell}>{row.balanceAfter}</td>
                    <td className={`${cell} min-w-48`}>
                      {row.reason}
                      <span className="block break-all text-xs text-slate-500">by {row.actorLabel}</span>
                    </td>
                  </tr>
                ))}
              </SimpleTable>
              <Pagination basePath={`/a/${account.id}/points`} params={{ pageSize: String(entries.pageSize) }} page={entries} noun={noun("movement")} />
            </>
          )}
        </div>
        <div className="space-y-6">
          <Card title="Balance">
            <p className="text-3xl font-semibold text-slate-900" aria-label="Points balance">
              {formatCount(balance, noun("point"))}
            </p>
          </Card>
          {distributorAdmin && (
            <Card title="Add points (distributor)">
              <CreditPointsForm accountId={account.id} />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
