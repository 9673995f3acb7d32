import Link from "next/link";
import { Suspense } from "react";
import { UsageChargesCard } from "@/components/billing/usage-charges-card";
import { getUsageCharges, withForecasts, type UsageCharges } from "@/server/billing/usage-charges";
import { getRollupMoney, type RollupMoney } from "@/server/billing/rollup-money";
import { RollupMoneyCard } from "@/components/billing/rollup-money-card";
import type { Actor } from "@/server/auth/reach";
import { DailyUsageChart } from "@/components/usage/daily-usage-chart";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportLinks } from "@/components/ui/export-links";
import { NumberedPages } from "@/components/ui/numbered-pages";
import { inputClasses } from "@/components/ui/field";
import { compactCellsTable } from "@/components/ui/table-classes";
import { buttonClasses } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/page-header";
import { readStringParam } from "@/lib/list-params";
import { todayIn } from "@/lib/dates";
import { formatHundredths } from "@/lib/units";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getClientPoolLicences } from "@/server/pools/get-client-pool-licences";
import { ClientPoolLicencesCard } from "@/components/pools/client-pool-licences";
import { getUsageReport, parseMonth, ratioHundredths } from "@/server/usage";
import { canHaveChildren } from "@/server/auth/permissions";
import { valueLabel } from "@/lib/labels";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Usage report" };

export default async function UsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "usage:read");
  const now = new Date();
  const askedMonth = readStringParam(search, "month");
  // The money sections do not wait for the report: they start with it, for the month it will show
  // (the roll-up statement is most of the page's time; docs/performance.md).
  const month = monthOrNull(askedMonth, todayIn(account.billingTimezone, now));
  const early = month === null ? null : startMoney({ actor, accountId: account.id, month, moneyPage: readStringParam(search, "money"), now, seller: canHaveChildren(account.kind) });
  // The report (with one page of the roll-up: its totals over every account come with it) and the
  // pool licences side by side.
  const [report, poolLicences] = await Promise.all([
    orNotFound(
      getUsageReport(db, {
        actor,
        accountId: account.id,
        now,
        month: askedMonth,
        rollupPage: canHaveChildren(account.kind) ? { requested: readStringParam(search, "accounts"), size: ROLLUP_PAGE } : undefined,
      }),
      { codes: ["INVALID"] },
    ),
    getClientPoolLicences(db, { actor, accountId: account.id }),
  ]);
  const base = `/a/${account.id}/usage`;
  const rollup = report.rollupPage;
  const money =
    early && month === report.month
      ? early
      : startMoney({ actor, accountId: account.id, month: report.month, moneyPage: readStringParam(search, "money"), now, seller: canHaveChildren(account.kind) });
  return (
    <>
      <PageHeader
        title="Usage report"
        description={
          <>
            {account.name} · {report.month} in {report.account.timezone}{" "}
            {report.monthFinal ? <Badge tone="green">Final</Badge> : <Badge tone="amber">Not final</Badge>}
          </>
        }
        actions={
          <>
            <form method="get" className="flex items-end gap-2">
              <label className="text-xs font-medium text-slate-600">
                Month
                <input type="month" name="month" defaultValue={report.month} className={`${inputClasses} mt-0.5`} />
              </label>
              <button type="submit" className={buttonClasses("secondary")}>
                Show
              </button>
            </form>
            <ExportLinks href={`${base}/export`} params={{ month: report.month }} label="usage report" />
          </>
        }
      />
      <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700" data-testid="cut-off">
        Usage is final up to the end of <strong>{report.cutOffDay}</strong> ({report.account.timezone}). Later days are not final:
        events may still arrive until 3 days after a day closes; events after that are recorded as corrections. A correction of a
        month already rolled up is billed as an adjustment of the next open month.
      </p>

      {report.services.length === 0 ? (
        <EmptyState title="No metered services this month">Usage appears for services with a contract in the month.</EmptyState>
      ) : (
        <div className="space-y-6">
          {report.services.map((service) => {
            const peak = Math.max(0, ...service.days.map((day) => day.paygDevices));
            return (
              <Card key={service.serviceId} title={service.serviceName}>
                <p className="mb-3 text-xs text-slate-600">
                  Contracts: {service.contracts.map((c) => `${c.label} (${valueLabel(c.type)}, threshold ${c.quantity})`).join(" · ") || "—"}
                </p>
                <dl className="mb-4 grid grid-cols-2 gap-4 text-sm md:grid-cols-3 xl:grid-cols-6">
                  <Stat label="Active today" value={service.activeToday ?? "—"} />
                  <Stat label="Device-days (PAYG)" value={service.deviceDays} />
                  <Stat
                    label="Billable units"
                    value={formatHundredths(service.billableUnitsHundredths)}
                    // Rounded to hundredths here; the exports carry the exact ratio (docs/exports.md).
                    hint={`${service.deviceDays} device-days ÷ ${report.daysInMonth} days = ${formatHundredths(service.billableUnitsHundredths)}`}
                  />
                  <Stat label="Monthly-active seats" value={service.monthlyActiveSeats} hint="A user with paired devices once; a standalone device once" />
                  <Stat
                    label="Quantity threshold"
                    value={service.paygThreshold ?? "—"}
                    hint={service.paygThreshold !== null ? `Peak ${peak} PAYG devices in a day` : undefined}
                    alert={service.overThreshold}
                  />
                  <Stat
                    label="Forecast (month end)"
                    value={service.forecastUnitsHundredths !== null ? `${formatHundredths(service.forecastUnitsHundredths)} units` : "—"}
                    hint={
                      service.forecastUnitsHundredths === null
                        ? undefined
                        : service.forecastEndsOn
                          ? `From the run rate so far; ends ${service.forecastEndsOn}, its last billable day`
                          : "From the run rate so far, to the month's end"
                    }
                  />
                </dl>
                {service.adjustments.length > 0 && (
                  <div className="mb-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200" data-testid="adjustments">
                    <p className="font-medium">
                      Adjustments of earlier months: {signed(service.adjustmentDeviceDays)} device-days (
                      {service.adjustmentUnitsHundredths < 0 ? "−" : "+"}
                      {formatHundredths(Math.abs(service.adjustmentUnitsHundredths))} units), billed with {report.month} apart from its usage
                    </p>
                    <ul className="mt-1 list-disc pl-5">
                      {service.adjustments.map((adjustment, index) => (
                        <li key={index}>
                          Corrects {adjustment.correctsMonth}: {adjustment.day} · device {adjustment.device} · {signed(adjustment.delta)} device-day ·{" "}
                          {adjustment.reason}
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                {service.overThreshold && (
                  <p role="alert" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
                    PAYG usage passed the quantity threshold of {service.paygThreshold} on at least one day.
                  </p>
                )}
                <DailyUsageChart days={service.days} label={`Daily active devices, ${service.serviceName}, ${report.month}`} />
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">Daily figures and evidence</summary>
                  <table className="mt-2 min-w-full divide-y divide-slate-200 text-sm">
                    <caption className="sr-only">Daily usage of {service.serviceName}</caption>
                    <thead className="text-left text-xs font-semibold uppercase text-slate-600">
                      <tr>
                        <th scope="col" className="px-2 py-1">Day</th>
                        <th scope="col" className="px-2 py-1">Active</th>
                        <th scope="col" className="px-2 py-1">PAYG devices</th>
                        <th scope="col" className="px-2 py-1">State</th>
                        <th scope="col" className="px-2 py-1"><span className="sr-only">Evidence</span></th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {service.days.map((day) => (
                        <tr key={day.day}>
                          <td className="px-2 py-1">{day.day}</td>
                          <td className="px-2 py-1">{day.active}</td>
                          <td className="px-2 py-1">{day.paygDevices}</td>
                          <td className="px-2 py-1">{!day.billable ? "Account inactive" : day.final ? "Final" : "Not final"}</td>
                          <td className="px-2 py-1">
                            <Link className="text-brand-700 hover:underline" href={`${base}/evidence?service=${service.serviceId}&day=${day.day}`} aria-label={`Devices of ${service.serviceName} on ${day.day}`}>
                              Devices
                            </Link>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </Card>
            );
          })}
        </div>
      )}

      <div className="mt-6">
        {/* Streamed: pricing reads the month's usage again per package; the report above does not wait for it. */}
        <Suspense fallback={<Card title="Charges"><p className="text-sm text-slate-600">Pricing this month&apos;s usage…</p></Card>}>
          <UsageChargesSection
            charges={money.charges}
            accountId={account.id}
            month={report.month}
            forecasts={
              report.services.some((service) => service.forecastUnitsHundredths !== null)
                ? new Map(report.services.map((service) => [service.serviceId, service.forecastUnitsHundredths ?? 0]))
                : null
            }
          />
        </Suspense>
      </div>

      {canHaveChildren(account.kind) && (
        <div className="mt-6">
          <Suspense fallback={<Card title="Revenue"><p className="text-sm text-slate-600">Reading this month&apos;s statements…</p></Card>}>
            <RollupMoneySection rollupMoney={money.rollup} accountId={account.id} month={report.month} timezone={account.billingTimezone} />
          </Suspense>
        </div>
      )}

      {rollup && rollup.total > 0 && (
        <div className="mt-6">
          <Card title={`Roll-up of ${account.name} and the accounts below it`}>
            {/* Excel carries the roll-up as its second sheet; CSV holds one table, so the roll-up has its own file. */}
            <p className="mb-3">
              <a className={buttonClasses("secondary")} href={`${base}/export?format=csv&rollup=1&month=${report.month}`} download>
                Export roll-up CSV
              </a>
            </p>
            <p className="mb-3 text-xs text-slate-600">
              Billable units = device-days ÷ {report.daysInMonth} days, rounded to hundredths here; the exports carry them to 4 decimals.
            </p>
            <div className="relative overflow-x-auto">
              <table className={`min-w-full divide-y divide-slate-200 text-sm ${compactCellsTable}`}>
                <caption className="sr-only">Usage per account</caption>
                <thead className="text-left text-xs font-semibold uppercase text-slate-600">
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Service</th>
                    <th scope="col">Device-days</th>
                    <th scope="col">Billable units</th>
                    <th scope="col">Monthly-active seats</th>
                    <th scope="col">Adjustments (device-days)</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {rollup.rows.flatMap((row) =>
                    row.services.map((service, index) => (
                      <tr key={`${row.accountId}-${service.serviceName}`}>
                        <td>
                          {index === 0 && (
                            <Link className="text-brand-700 hover:underline" href={`/a/${row.accountId}/usage?month=${report.month}`}>
                              {row.accountName}
                            </Link>
                          )}
                        </td>
                        <td>{service.serviceName}</td>
                        <td>{service.deviceDays}</td>
                        <td>{formatHundredths(service.billableUnitsHundredths)}</td>
                        <td>{service.monthlyActiveSeats}</td>
                        <td>{service.adjustmentDeviceDays === 0 ? "—" : signed(service.adjustmentDeviceDays)}</td>
                      </tr>
                    )),
                  )}
                </tbody>
                <tfoot className="border-t-2 border-slate-300 font-semibold">
                  {rollup.totals.map((total, index) => (
                    <tr key={total.serviceName}>
                      <th scope="row" className="text-left">
                        {index === 0 && `Total of ${formatCount(rollup.total, noun("account"))}`}
                      </th>
                      <td>{total.serviceName}</td>
                      <td>{total.deviceDays}</td>
                      <td>{formatHundredths(ratioHundredths(total.deviceDays, report.daysInMonth))}</td>
                      <td>{total.monthlyActiveSeats}</td>
                      <td>{total.adjustmentDeviceDays === 0 ? "—" : signed(total.adjustmentDeviceDays)}</td>
                    </tr>
                  ))}
                </tfoot>
              </table>
            </div>
            <NumberedPages page={rollup} label="Roll-up pages" noun={noun("account")} hrefOf={(to) => `${base}?month=${report.month}&accounts=${to}`} />
          </Card>
        </div>
      )}

      <div className="mt-6">
        <Card title="Corrections ledger">
          {report.services.some((service) => service.adjustments.length > 0) && (
            // Excel carries the adjustments as a sheet of the usage report; CSV holds one table per file.
            <p className="mb-3">
              <a className={buttonClasses("secondary")} href={`${base}/export?format=csv&adjustments=1&month=${report.month}`} download>
                Export adjustments CSV
              </a>
            </p>
          )}
          {report.corrections.length === 0 ? (
            <p className="text-sm text-slate-600">No corrections this month.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {report.corrections.map((correction, index) => (
                <li key={index} className="py-1.5">
                  {correction.day} · {correction.serviceName} · device {correction.device} ·{" "}
                  <strong>{signed(correction.delta)} device-day</strong> · {correction.reason}
                  {correction.adjustsMonth && <> · recorded after this month was rolled up: billed as an adjustment of {correction.adjustsMonth}</>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <div className="mt-6">
        <ClientPoolLicencesCard data={poolLicences} timezone={account.billingTimezone} />
      </div>
    </>
  );
}

/**
 * The usage page's two money reads, started together (each awaited by its own Suspense section).
 * Either may reject (e.g. the report's month is refused first): the no-op catch keeps a rejection
 * nobody awaits from surfacing as unhandled, while the section awaiting it still sees it.
 */
function startMoney(options: { actor: Actor; accountId: string; month: string; moneyPage: string | undefined; now: Date; seller: boolean }) {
  const { actor, accountId, month, now } = options;
  const charges = getUsageCharges(db, { actor, accountId, month, now });
  const rollup = options.seller ? getRollupMoney(db, { actor, accountId, month, page: options.moneyPage }) : Promise.resolve(null);
  charges.catch(() => undefined);
  rollup.catch(() => undefined);
  return { month, charges, rollup };
}

/** The month the report will show, or null when the one asked for is refused (the report says why). */
function monthOrNull(asked: string | undefined, today: string): string | null {
  try {
    return parseMonth(asked, today.slice(0, 7));
  } catch {
    return null;
  }
}

async function UsageChargesSection(props: { charges: Promise<UsageCharges>; accountId: string; month: string; forecasts: Map<string, number> | null }) {
  const charges = withForecasts(await props.charges, props.forecasts);
  return <UsageChargesCard charges={charges} month={props.month} csvHref={`/a/${props.accountId}/usage/export?format=csv&charges=1&month=${props.month}`} />;
}

async function RollupMoneySection(props: { rollupMoney: Promise<RollupMoney | null>; accountId: string; month: string; timezone: string }) {
  const money = await props.rollupMoney;
  if (!money) return null;
  const base = `/a/${props.accountId}`;
  return (
    <RollupMoneyCard
      money={money}
      month={props.month}
      timezone={props.timezone}
      statementsHref={`${base}/statements?month=${props.month}`}
      hrefOf={(to) => `${base}/usage?month=${props.month}&money=${to}`}
    />
  );
}

/** Accounts per page of the roll-up table (docs/metering.md#roll-up-on-screen, docs/lists.md#numbered-pages). */
const ROLLUP_PAGE = 50;

const signed = (value: number) => (value > 0 ? `+${value}` : value < 0 ? `−${-value}` : "0");

function Stat({ label, value, hint, alert }: { label: string; value: string | number; hint?: string; alert?: boolean }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`mt-0.5 text-xl font-semibold ${alert ? "text-amber-700" : "text-slate-900"}`}>{value}</dd>
      {hint && <dd className="text-xs text-slate-600">{hint}</dd>}
    </div>
  );
}
