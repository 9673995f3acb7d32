import { Card } from "@/components/ui/page-header";
import { compactCellsTable } from "@/components/ui/table-classes";
import { monthName } from "@/lib/dates";
import { formatMoney, formatQuantityE4 } from "@/lib/money";
import type { UsageCharges } from "@/server/billing/usage-charges";
import { CHARGE_KIND_LABEL } from "@/server/billing/charge-labels";
import { groupPointsCredits } from "@/server/billing/group-points-credits";

/**
 * The Charges of a usage report: each line's quantity, unit price and charge, the month-end
 * forecast of PAYG lines, and the price book they come from (docs/money.md#who-sees-money).
 */
export function UsageChargesCard({ charges, month, csvHref }: { charges: UsageCharges; month: string; csvHref?: string }) {
  if (!charges.seller) return null;
  const currency = charges.book?.currency ?? "EUR";
  const money = (minor: bigint) => formatMoney(minor, currency);
  return (
    <Card
      title="Charges"
      actions={
        csvHref && charges.lines.length > 0 ? (
          <a className="text-sm font-medium text-brand-700 hover:underline" href={csvHref} download>
            Export charges CSV
          </a>
        ) : undefined
      }
    >
      <p className="mb-3 text-sm text-slate-700" data-testid="charges-book">
        {charges.book ? (
          <>
            At {charges.seller.name}&apos;s prices: price book <strong>{charges.book.name}</strong> ({charges.book.currency}). Each line is
            quantity × unit price, rounded once; quantities to 4 decimals.
          </>
        ) : (
          <>{charges.seller.name} has no price book yet: usage is shown without prices.</>
        )}
      </p>
      {charges.lines.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing to charge in {month}.</p>
      ) : (
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Charges (scrolls sideways)">
          <table className={`min-w-full divide-y divide-slate-200 text-sm ${compactCellsTable}`}>
            <caption className="sr-only">Charges of {month}</caption>
            <thead className="text-left text-xs font-semibold uppercase text-slate-600">
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Charge for</th>
                <th scope="col" className="text-right">Quantity</th>
                <th scope="col" className="text-right">Unit price</th>
                <th scope="col" className="text-right">Charge</th>
                {charges.forecastTotalMinor !== null && <th scope="col" className="text-right">Forecast (month end)</th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {groupPointsCredits(charges.lines).map((line, index) => (
                <tr key={index}>
                  <td>{line.serviceName}</td>
                  <td>
                    <span className="block">{line.description}</span>
                    <span className="block text-xs text-slate-600">
                      {CHARGE_KIND_LABEL[line.kind]} · {line.sku}
                      {line.note && <> · {line.note}</>}
                    </span>
                  </td>
                  <td className="whitespace-nowrap text-right tabular-nums">
                    {formatQuantityE4(line.quantityE4)} {line.unit}
                  </td>
                  <td className="whitespace-nowrap text-right tabular-nums">{money(line.unitPriceMinor)}</td>
                  <td className="whitespace-nowrap text-right tabular-nums font-medium">{money(line.amountMinor)}</td>
                  {charges.forecastTotalMinor !== null && (
                    <td className="whitespace-nowrap text-right tabular-nums">{money(line.forecastMinor ?? line.amountMinor)}</td>
                  )}
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t-2 border-slate-300 font-semibold">
              <tr>
                <th scope="row" colSpan={4} className="text-left">
                  Total {monthName(month)}
                </th>
                <td className="whitespace-nowrap text-right tabular-nums" data-testid="charges-total">
                  {money(charges.totalMinor)}
                </td>
                {charges.forecastTotalMinor !== null && (
                  <td className="whitespace-nowrap text-right tabular-nums" data-testid="charges-forecast">
                    {money(charges.forecastTotalMinor)}
                  </td>
                )}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Card>
  );
}
