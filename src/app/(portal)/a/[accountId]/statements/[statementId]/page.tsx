import Link from "next/link";
import { StatementLinesTable, type StatementLineView } from "@/components/statements/statement-lines-table";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { NumberedPages, pageOfRows } from "@/components/ui/numbered-pages";
import { Card, PageHeader } from "@/components/ui/page-header";
import { cell, SimpleTable } from "@/components/pools/pool-tabs";
import { formatDateTimeWithZone } from "@/lib/dates";
import { readStringParam } from "@/lib/list-params";
import { formatMoney, formatQuantityE4 } from "@/lib/money";
import { noun } from "@/lib/plural";
import { STATEMENT_STATUS_LABEL, STATEMENT_STATUS_TONE } from "@/lib/statement-labels";
import { getStatement } from "@/server/billing/statements/get-statement";
import { STATEMENT_FILE_TYPES, STATEMENT_FORMATS } from "@/server/billing/statements/render-statement-files";
import type { ChangedLine } from "@/server/billing/statements/statement-changes";
import { monthName, NOT_A_TAX_INVOICE, subtotalsByService } from "@/server/billing/statements/statement-document";
import { db } from "@/server/db";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";

export const metadata = { title: "Statement" };

/** Lines a page of the statement shows; subtotals and the total are over every line. */
const LINES_PAGE = 100;
/** Changes listed under "What changed since the draft"; the totals cover them all. */
const CHANGES_SHOWN = 100;

export default async function StatementPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string; statementId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId, statementId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "usage:read");
  const view = await orNotFound(getStatement(db, { actor, accountId: account.id, statementId, now: new Date() }));
  const { document } = view;
  const money = (minor: bigint | null) => (minor === null ? "—" : formatMoney(minor, document.currency));
  const base = `/a/${account.id}/statements`;
  const timezone = account.billingTimezone;
  const final = document.status === "FINAL";
  const lines = pageOfRows(document.lines, readStringParam(search, "page"), LINES_PAGE);
  const rows: StatementLineView[] = lines.rows.map((line) => ({
    position: line.position,
    account: line.usageAccountName,
    service: line.serviceName,
    sku: line.sku,
    description: line.description,
    quantity: formatQuantityE4(line.quantityE4),
    unit: line.unit,
    unitPrice: money(line.unitPriceMinor),
    amount: money(line.amountMinor),
    correctsMonth: line.correctsMonth ? monthName(line.correctsMonth) : null,
    note: line.note,
  }));
  const subtotals = subtotalsByService(document.lines);
  const title = document.number ? `Statement ${document.number}` : `Draft statement, ${monthName(document.month)}`;
  return (
    <>
      <PageHeader
        title={title}
        description={
          <>
            <Badge tone={STATEMENT_STATUS_TONE[document.status]}>{STATEMENT_STATUS_LABEL[document.status]}</Badge> {monthName(document.month)} ·{" "}
            {view.direction === "issued" ? `issued to ${document.buyer.name}` : `received from ${document.seller.name}`}
          </>
        }
        actions={
          <>
            {STATEMENT_FORMATS.map((format) => (
              <a key={format} className={buttonClasses(format === "PDF" ? "primary" : "secondary")} href={`${base}/${view.id}/download?format=${format.toLowerCase()}`}>
                Download {STATEMENT_FILE_TYPES[format].label}
              </a>
            ))}
            <Link className={buttonClasses("secondary")} href={`${base}${view.direction === "received" ? "?direction=received" : ""}`}>
              All statements
            </Link>
          </>
        }
      />
      {!final && (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          <strong>Draft</strong>, computed {formatDateTimeWithZone(view.computedAt, timezone)}: the month is still open, so these figures change until it is
          final. Opening this page recomputes them.
        </p>
      )}
      <div className="mb-6 grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title="Seller">
          <p className="text-sm font-medium text-slate-900">{document.seller.name}</p>
          {document.seller.address && <p className="whitespace-pre-line text-sm text-slate-600">{document.seller.address}</p>}
        </Card>
        <Card title="Buyer">
          <p className="text-sm font-medium text-slate-900">{document.buyer.name}</p>
          {document.buyer.address && <p className="whitespace-pre-line text-sm text-slate-600">{document.buyer.address}</p>}
        </Card>
        <Card title="Statement">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-slate-500">Number</dt>
            <dd>{document.number ?? "Given when the month is final"}</dd>
            <dt className="text-slate-500">Month</dt>
            <dd>{monthName(document.month)}</dd>
            <dt className="text-slate-500">Currency</dt>
            <dd>{document.currency}</dd>
            <dt className="text-slate-500">Price book</dt>
            <dd>{document.priceBookName}</dd>
            <dt className="text-slate-500">{final ? "Finalized" : "Computed"}</dt>
            <dd>{formatDateTimeWithZone(view.finalizedAt ?? view.computedAt, timezone)}</dd>
            <dt className="text-slate-500">Total</dt>
            <dd className="font-semibold">{money(document.totalMinor)}</dd>
          </dl>
        </Card>
      </div>

      <h2 className="mb-2 text-base font-semibold text-slate-900">Subtotals per service</h2>
      <div className="mb-6">
        <SimpleTable caption="Subtotals per service" headers={["Service", "Lines", "Amount"]}>
          {subtotals.map((subtotal) => (
            <tr key={subtotal.serviceName}>
              <td className={cell}>{subtotal.serviceName}</td>
              <td className={`${cell} tabular-nums`}>{subtotal.lines}</td>
              <td className={`${cell} text-right tabular-nums`}>{money(subtotal.amountMinor)}</td>
            </tr>
          ))}
          <tr className="bg-slate-50 font-semibold">
            <td className={cell}>Total</td>
            <td className={`${cell} tabular-nums`}>{document.lines.length}</td>
            <td className={`${cell} text-right tabular-nums`}>{money(document.totalMinor)}</td>
          </tr>
        </SimpleTable>
      </div>

      <h2 className="mb-2 text-base font-semibold text-slate-900">Lines</h2>
      {rows.length === 0 ? (
        <p className="mb-6 text-sm text-slate-600">No lines.</p>
      ) : (
        <div className="mb-6">
          <StatementLinesTable rows={rows} />
          <NumberedPages page={lines} label="Statement line pages" noun={noun("line")} hrefOf={(to) => `${base}/${view.id}?page=${to}`} />
        </div>
      )}

      {final && (
        <section aria-labelledby="changes" className="mb-6">
          <h2 id="changes" className="mb-2 text-base font-semibold text-slate-900">
            What changed since the draft
          </h2>
          {view.changes === null ? (
            <p className="text-sm text-slate-600">No draft was computed before this statement became final.</p>
          ) : (
            <Changes changes={view.changes} money={money} draftTotal={money(view.draftTotalMinor)} finalTotal={money(document.totalMinor)} />
          )}
        </section>
      )}
      <p className="text-sm italic text-slate-600">{NOT_A_TAX_INVOICE}</p>
    </>
  );
}

const CHANGE_LABEL = { added: "Added", removed: "Removed", changed: "Changed amount" } as const;

function Changes({
  changes,
  money,
  draftTotal,
  finalTotal,
}: {
  changes: { added: ChangedLine[]; removed: ChangedLine[]; changed: ChangedLine[] };
  money: (minor: bigint | null) => string;
  draftTotal: string;
  finalTotal: string;
}) {
  const all = (["added", "removed", "changed"] as const).flatMap((kind) => changes[kind].map((line) => ({ kind, line })));
  return (
    <>
      <p className="mb-2 text-sm text-slate-600">
        The last draft totalled {draftTotal}; the final total is {finalTotal}.{" "}
        {all.length === 0
          ? "No line was added, removed or changed in amount."
          : `${changes.added.length} ${changes.added.length === 1 ? "line" : "lines"} added, ${changes.removed.length} removed, ${changes.changed.length} changed in amount.`}
      </p>
      {all.length > 0 && (
        <SimpleTable caption="What changed since the draft" headers={["Change", "Account", "Service", "Description", "Draft amount", "Final amount"]}>
          {all.slice(0, CHANGES_SHOWN).map(({ kind, line }, index) => (
            <tr key={index}>
              <td className={cell}>{CHANGE_LABEL[kind]}</td>
              <td className={cell}>
                <span className="block max-w-44 whitespace-normal break-words">{line.usageAccountName}</span>
              </td>
              <td className={cell}>{line.serviceName}</td>
              <td className={cell}>
                <span className="block max-w-80 whitespace-normal break-words">{line.description}</span>
              </td>
              <td className={`${cell} text-right tabular-nums`}>{money(line.draftAmountMinor)}</td>
              <td className={`${cell} text-right tabular-nums`}>{money(line.finalAmountMinor)}</td>
            </tr>
          ))}
        </SimpleTable>
      )}
      {all.length > CHANGES_SHOWN && <p className="mt-2 text-sm text-slate-600">The first {CHANGES_SHOWN} of {all.length} changes are shown.</p>}
    </>
  );
}
