import { SavingsTable, type SavingsTableRow } from "@/components/billing/savings-table";
import { Card, PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { ListFilters } from "@/components/ui/list-filters";
import { Pagination } from "@/components/ui/pagination";
import { formatDateTimeWithZone } from "@/lib/dates";
import { parseListParams, readEnumParam } from "@/lib/list-params";
import { formatMoney } from "@/lib/money";
import { noun } from "@/lib/plural";
import { ADVICE_SUGGESTION_LABEL, adviceSentence, countSubjects, suggestionText } from "@/lib/savings-advice-text";
import { ADVICE_SUGGESTIONS, listSavingsAdvice } from "@/server/billing/advice/list-savings-advice";
import { db } from "@/server/db";
import { requirePagePermission } from "@/server/edge/portal-context";

export const metadata = { title: "Savings" };

export default async function SavingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "usage:read");
  const list = parseListParams(search, { sortKeys: ["saving"] as const, defaultSort: "saving", defaultDir: "desc" });
  const suggestion = readEnumParam(search, "suggestion", ADVICE_SUGGESTIONS);
  const advice = await listSavingsAdvice(db, { actor, accountId: account.id, suggestion, page: list.page, pageSize: list.pageSize });
  const base = `/a/${account.id}/savings`;
  const rows: SavingsTableRow[] = advice.page.rows.map((row) => ({
    id: row.id,
    subject: row.subject.name,
    subjectDetail: row.subject.detail,
    account: row.account.name,
    current: row.current,
    suggestion: suggestionText(row),
    sentence: adviceSentence({ ...row, subjectName: row.subjectType === "SERVICE" ? row.account.name : row.subject.name }),
    costNow: formatMoney(row.costNowMinor, row.currency),
    costWith: formatMoney(row.costWithMinor, row.currency),
    saving: formatMoney(row.savingMinor, row.currency),
    action: "href" in row.action ? row.action : null,
    managedBy: "managedBy" in row.action ? row.action.managedBy : null,
  }));
  const tree = account.kind === "CUSTOMER" ? "" : " and the accounts below it";
  return (
    <>
      <PageHeader
        title="Savings"
        description={
          <>
            Licence choices of {account.name}
            {tree} that would have cost less over the last 12 complete months
            {advice.throughMonth ? ` (to the end of ${advice.throughMonth})` : ""}, at the prices each account pays.
          </>
        }
      />
      <p className="mb-3 text-sm text-slate-600" data-testid="savings-computed">
        {advice.computedAt
          ? `Computed by the daily run on ${formatDateTimeWithZone(advice.computedAt, account.billingTimezone)}.`
          : "Not computed yet: the daily run compares the last 12 months once a day."}
      </p>
      <ListFilters
        label="Filter savings"
        selects={[{ name: "suggestion", label: "Suggestion", value: suggestion, options: ADVICE_SUGGESTIONS.map((value) => ({ value, label: ADVICE_SUGGESTION_LABEL[value] })) }]}
        hidden={{ pageSize: String(list.pageSize) }}
      />
      {advice.unpriced.length > 0 && (
        <div className="mb-4">
          <Card title="Not compared">
            <ul className="space-y-1 text-sm text-slate-700" data-testid="savings-unpriced">
              {advice.unpriced.map((group) => (
                <li key={group.note}>
                  {countSubjects(group.counts)}: {group.note}
                </li>
              ))}
            </ul>
            <p className="mt-2 text-xs text-slate-600">Advice needs both a Pay-As-You-Go and a subscription price of the same package in the price book.</p>
          </Card>
        </div>
      )}
      {rows.length === 0 ? (
        <EmptyState title={suggestion ? "No savings of this kind" : "No savings found"}>
          {advice.computedAt
            ? "Every PAYG gateway, PAYG service and subscription contract compared cost least as it is."
            : "The daily run has not compared this account's licences yet."}
        </EmptyState>
      ) : (
        <>
          <SavingsTable rows={rows} />
          <Pagination basePath={base} params={{ suggestion, pageSize: String(list.pageSize) }} page={advice.page} noun={noun("saving")} />
        </>
      )}
    </>
  );
}
