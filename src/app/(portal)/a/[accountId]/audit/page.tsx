import { AuditTable } from "@/components/audit/audit-table";
import { ExportLinks } from "@/components/ui/export-links";
import { ListFilters } from "@/components/ui/list-filters";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClasses } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { auditChanges } from "@/lib/audit-changes";
import { formatDateTime } from "@/lib/dates";
import { AUDIT_ACTION_OPTIONS } from "@/lib/labels";
import { parseListParams } from "@/lib/list-params";
import { auditFiltersToParams, parseAuditFilters, refusedAuditDates } from "@/server/audit/audit-filters";
import { listAuditEvents } from "@/server/audit/list-audit-events";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { noun } from "@/lib/plural";

export const metadata = { title: "Audit log" };

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "audit:read");
  const filters = parseAuditFilters(search);
  const list = parseListParams(search, { sortKeys: ["createdAt"] as const, defaultSort: "createdAt", defaultPageSize: 50 });
  // The Action filter offers the catalogue of actions, not a read of the events (docs/lists.md#audit-log).
  const page = await listAuditEvents(db, { actor, accountId: account.id, filters, page: list.page, pageSize: list.pageSize });
  const filterParams = auditFiltersToParams(filters);
  const base = `/a/${account.id}/audit`;

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change to ${account.name}${filters.includeChildren ? " and the accounts below it" : ""}: who, when, what, before and after.`}
        actions={<ExportLinks href={`${base}/export`} params={filterParams} label="audit log" />}
      />
      {refusedAuditDates(search).map((message) => (
        <p key={message} role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          {message}
        </p>
      ))}
      <ListFilters
        selects={[
          { name: "action", label: "Action", value: filters.action, options: [...AUDIT_ACTION_OPTIONS] },
          {
            name: "scope",
            label: "Accounts",
            value: filters.includeChildren ? undefined : "self",
            options: [{ value: "self", label: "This account only" }],
          },
        ]}
      >
        <div className="min-w-40">
          <label htmlFor="filter-actor" className="block text-xs font-medium text-slate-600">
            Actor
          </label>
          <input id="filter-actor" name="actor" defaultValue={filters.actor} placeholder="Email" className={inputClasses} />
        </div>
        <div>
          <label htmlFor="filter-from" className="block text-xs font-medium text-slate-600">
            From (UTC)
          </label>
          <input id="filter-from" name="from" type="date" defaultValue={filters.from} className={inputClasses} />
        </div>
        <div>
          <label htmlFor="filter-to" className="block text-xs font-medium text-slate-600">
            To (UTC)
          </label>
          <input id="filter-to" name="to" type="date" defaultValue={filters.to} className={inputClasses} />
        </div>
      </ListFilters>
      {page.total === 0 ? (
        <EmptyState title="No audit events match">Change or clear the filters.</EmptyState>
      ) : (
        <>
          <AuditTable
            rows={page.rows.map((row) => ({
              id: row.id,
              createdAt: formatDateTime(row.createdAt),
              accountName: row.accountName,
              accountId: row.accountId,
              actorLabel: row.actorLabel,
              action: row.action,
              object: `${row.objectType} ${row.objectId.slice(0, 8)}`,
              changes: auditChanges(row.before, row.after, account.billingTimezone),
            }))}
          />
          <Pagination
            basePath={base}
            params={{ ...filterParams, pageSize: String(list.pageSize) }}
            page={page}
            noun={noun("event")}
          />
        </>
      )}
    </>
  );
}
