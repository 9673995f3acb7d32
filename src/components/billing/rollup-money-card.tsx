import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { NumberedPages } from "@/components/ui/numbered-pages";
import { Card } from "@/components/ui/page-header";
import { compactCellsTable } from "@/components/ui/table-classes";
import { formatDateTimeWithZone, monthName } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { noun } from "@/lib/plural";
import type { RollupMoney } from "@/server/billing/rollup-money";

/**
 * Revenue, cost and margin per buyer of a seller's month (docs/money.md#who-sees-money); a
 * distributor, with no seller above it, sees revenue per partner only.
 */
export function RollupMoneyCard({
  money,
  month,
  timezone,
  statementsHref,
  hrefOf,
}: {
  money: RollupMoney;
  month: string;
  timezone: string;
  statementsHref: string;
  hrefOf: (page: number) => string;
}) {
  const withCost = money.hasSeller;
  const show = (minor: bigint | null, currency: string | null) => (minor === null || currency === null ? "—" : formatMoney(minor, currency));
  return (
    <Card title={withCost ? "Revenue, cost and margin" : "Revenue per partner"}>
      <p className="mb-3 text-sm text-slate-700">
        {withCost ? (
          <>
            Revenue at your prices to each account below you; cost at your seller&apos;s prices for the same usage; margin = revenue − cost.
          </>
        ) : (
          <>What each partner owes you for its whole tree, at your prices.</>
        )}{" "}
        From the <Link className="text-brand-700 underline" href={statementsHref}>statements</Link> of {monthName(month)}
        {money.draftsComputedAt ? <> (drafts computed {formatDateTimeWithZone(money.draftsComputedAt, timezone)})</> : null}.
      </p>
      {money.page.total === 0 ? (
        <p className="text-sm text-slate-600">No statements for {monthName(month)} yet.</p>
      ) : (
        <>
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Money per account (scrolls sideways)">
            <table className={`min-w-full divide-y divide-slate-200 text-sm ${compactCellsTable}`}>
              <caption className="sr-only">Money per account, {monthName(month)}</caption>
              <thead className="text-left text-xs font-semibold uppercase text-slate-600">
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col" className="text-right">Revenue</th>
                  {withCost && <th scope="col" className="text-right">Cost</th>}
                  {withCost && <th scope="col" className="text-right">Margin</th>}
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {money.page.rows.map((row) => (
                  <tr key={row.accountId + String(row.own)}>
                    <td>{row.accountName}</td>
                    <td className="whitespace-nowrap text-right tabular-nums">{show(row.revenueMinor, money.revenueCurrency)}</td>
                    {withCost && <td className="whitespace-nowrap text-right tabular-nums">{show(row.costMinor, money.costCurrency)}</td>}
                    {withCost && (
                      <td className={`whitespace-nowrap text-right tabular-nums ${row.marginMinor !== null && row.marginMinor < 0n ? "text-red-700" : ""}`}>
                        {show(row.marginMinor, money.revenueCurrency)}
                      </td>
                    )}
                    <td>{row.status === "FINAL" ? <Badge tone="green">Final</Badge> : row.status ? <Badge tone="amber">Draft</Badge> : "—"}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot className="border-t-2 border-slate-300 font-semibold">
                <tr>
                  <th scope="row" className="text-left">Total</th>
                  <td className="whitespace-nowrap text-right tabular-nums" data-testid="revenue-total">{show(money.totals.revenueMinor, money.revenueCurrency)}</td>
                  {withCost && <td className="whitespace-nowrap text-right tabular-nums" data-testid="cost-total">{show(money.totals.costMinor, money.costCurrency)}</td>}
                  {withCost && <td className="whitespace-nowrap text-right tabular-nums" data-testid="margin-total">{show(money.totals.marginMinor, money.revenueCurrency)}</td>}
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
          {withCost && money.revenueCurrency && money.costCurrency && money.revenueCurrency !== money.costCurrency && (
            <p className="mt-2 text-xs text-slate-600">
              Revenue is in {money.revenueCurrency} and cost in {money.costCurrency}: no margin is computed across currencies.
            </p>
          )}
          <NumberedPages page={money.page} label="Money pages" noun={noun("account")} hrefOf={hrefOf} />
        </>
      )}
    </Card>
  );
}
