import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/subscriptions/action-form";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ListFilters } from "@/components/ui/list-filters";
import { Notice } from "@/components/ui/notice";
import { Card, PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { formatDateTime } from "@/lib/dates";
import { parseListParams, readStringParam } from "@/lib/list-params";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listEndUsers } from "@/server/end-users/list-end-users";
import { createEndUserAction } from "@/actions/end-users/create-end-user";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "End users" };

const SOURCE_LABEL: Record<string, string> = { admin: "Added here", import: "Imported", telemetry: "From telemetry" };

export default async function EndUsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  if (account.kind !== "CUSTOMER") notFound();
  const list = parseListParams(search, { sortKeys: ["name"] as const, defaultSort: "name" });
  const page = await listEndUsers(db, { actor, accountId: account.id, q: list.q, page: list.page, pageSize: list.pageSize });
  const base = `/a/${account.id}/end-users`;
  const imported = readStringParam(search, "imported");
  const canManage = can("account:manage");
  return (
    <>
      <PageHeader
        title="End users"
        description={`People of ${account.name}'s tenancy: added here, imported, or appearing from telemetry. Their groups decide their subscriptions.`}
        actions={canManage ? <ButtonLink href={`${base}/import`} variant="secondary">Import end users</ButtonLink> : undefined}
      />
      {imported && <Notice>{/^\d{1,9}$/.test(imported) ? `${formatCount(Number(imported), noun("end user"))} imported.` : "End users imported."}</Notice>}
      <ListFilters searchLabel="Search end users" searchPlaceholder="Name, email or external id" q={list.q} hidden={{ pageSize: String(list.pageSize) }} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,1fr)]">
        <div>
          {page.total === 0 ? (
            <EmptyState title={list.q ? "No end user matches" : "No end users yet"}>
              End users appear from user-seat telemetry, or add and import them here.
            </EmptyState>
          ) : (
            <>
              <div className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
                <table className="min-w-full divide-y divide-slate-200 text-sm">
                  <caption className="sr-only">End users</caption>
                  <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                    <tr>
                      <th scope="col" className="px-3 py-2">Name</th>
                      <th scope="col" className="px-3 py-2">External id</th>
                      <th scope="col" className="px-3 py-2">Email</th>
                      <th scope="col" className="px-3 py-2">Groups</th>
                      <th scope="col" className="px-3 py-2">Subscriptions</th>
                      <th scope="col" className="px-3 py-2">Paired devices</th>
                      <th scope="col" className="px-3 py-2">Last seen</th>
                      <th scope="col" className="px-3 py-2">Source</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {page.rows.map((user) => (
                      <tr key={user.id}>
                        <td className="px-3 py-2">
                          <Link href={`${base}/${user.id}`} className="font-medium text-brand-700 hover:underline">{user.name}</Link>
                        </td>
                        <td className="px-3 py-2 font-mono text-xs">{user.externalId}</td>
                        <td className="px-3 py-2">{user.email ?? "—"}</td>
                        <td className="px-3 py-2">{user.groups.join(", ") || "—"}</td>
                        <td className="px-3 py-2">{user.subscriptions.join(", ") || "—"}</td>
                        <td className="px-3 py-2">{user.pairedDevices}</td>
                        <td className="px-3 py-2 whitespace-nowrap">{user.lastSeenAt ? formatDateTime(user.lastSeenAt, account.billingTimezone) : "—"}</td>
                        <td className="px-3 py-2">{SOURCE_LABEL[user.source] ?? user.source}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination basePath={base} params={{ q: list.q, pageSize: String(list.pageSize) }} page={page} noun={noun("end user")} />
            </>
          )}
        </div>
        {canManage && (
          <Card title="Add an end user">
            <ActionForm
              action={createEndUserAction}
              hidden={{ accountId: account.id }}
              submitLabel="Add end user"
              pendingLabel="Adding…"
              fields={[
                { kind: "text", name: "name", label: "Name", required: true },
                { kind: "email", name: "email", label: "Email" },
                { kind: "text", name: "externalId", label: "External id", hint: "The id the user has in telemetry and the directory.", required: true },
              ]}
            />
          </Card>
        )}
      </div>
    </>
  );
}
