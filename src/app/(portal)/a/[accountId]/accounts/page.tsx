import { ChildAccountsTable } from "@/components/accounts/child-accounts-table";
import { ListFilters } from "@/components/ui/list-filters";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { dbDateToIso } from "@/lib/dates";
import { ACCOUNT_KIND_LABEL, ACCOUNT_STATUS_LABEL } from "@/lib/labels";
import { parseListParams, readEnumParam, readStringParam } from "@/lib/list-params";
import { CHILD_ACCOUNT_SORTS, listChildAccounts } from "@/server/accounts/list-child-accounts";
import { allowedChildKinds, canHaveChildren } from "@/server/auth/permissions";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { notFound } from "next/navigation";
import { noun } from "@/lib/plural";

export const metadata = { title: "Manage Accounts" };

const KINDS = ["MSSP", "CUSTOMER"] as const;
const STATUSES = ["ACTIVE", "IN_TRIAL", "INACTIVE"] as const;

export default async function ManageAccountsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  if (!canHaveChildren(account.kind)) notFound();

  const list = parseListParams(search, { sortKeys: CHILD_ACCOUNT_SORTS, defaultSort: "name" });
  const kind = readEnumParam(search, "kind", KINDS);
  const status = readEnumParam(search, "status", STATUSES);
  const created = readStringParam(search, "created");
  const page = await listChildAccounts(db, {
    actor,
    accountId: account.id,
    filters: { ...list, kind, status },
  });
  const base = `/a/${account.id}/accounts`;
  const filtered = Boolean(list.q || kind || status);

  return (
    <>
      <PageHeader
        title="Manage Accounts"
        description={`Accounts directly below ${account.name}.`}
        actions={can("account:manage") ? <ButtonLink href={`${base}/new`}>Create account</ButtonLink> : undefined}
      />
      {created && (
        <Notice>Account created.</Notice>
      )}
      <ListFilters
        searchLabel="Search accounts"
        searchPlaceholder="Name or User Center ID"
        q={list.q}
        selects={[
          {
            name: "kind",
            label: "Kind",
            value: kind,
            options: allowedChildKinds(account.kind).map((value) => ({ value, label: ACCOUNT_KIND_LABEL[value] })),
          },
          {
            name: "status",
            label: "Status",
            value: status,
            options: STATUSES.map((value) => ({ value, label: ACCOUNT_STATUS_LABEL[value] })),
          },
        ]}
        hidden={{ sort: list.sort, dir: list.dir, pageSize: String(list.pageSize) }}
      />
      {page.total === 0 ? (
        <EmptyState title={filtered ? "No account matches these filters" : "No child accounts yet"}>
          {filtered ? "Change or clear the filters." : "Create the first account to manage it from here."}
        </EmptyState>
      ) : (
        <>
          <ChildAccountsTable
            canManage={can("account:manage")}
            rows={page.rows.map((row) => ({
              ...row,
              trialEndsOn: row.trialEndsOn ? dbDateToIso(row.trialEndsOn) : null,
              createdAt: dbDateToIso(row.createdAt),
            }))}
          />
          <Pagination
            basePath={base}
            params={{ q: list.q, kind, status, sort: list.sort, dir: list.dir, pageSize: String(list.pageSize) }}
            page={page}
            noun={noun("account")}
          />
        </>
      )}
    </>
  );
}
