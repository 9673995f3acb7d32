import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { dbDateToIso, formatDateTime } from "@/lib/dates";
import { ACCOUNT_KIND_LABEL, ACCOUNT_STATUS_LABEL, CONTRACT_TYPE_LABEL, STATUS_TONE, auditActionLabel } from "@/lib/labels";
import { getAccountDashboard } from "@/server/dashboard/get-account-dashboard";
import { contractLabel } from "@/lib/contract-label";
import type { ContractType } from "@/generated/prisma/enums";
import { getPortalContext } from "@/server/edge/portal-context";
import { canHaveChildren } from "@/server/auth/permissions";
import { db } from "@/server/db";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account, can } = await getPortalContext(accountId);
  const dashboard = await getAccountDashboard(db, { actor, accountId: account.id });
  const { expiringContracts: expiring, gatewaysByType } = dashboard;
  const base = `/a/${account.id}`;
  const childTotal = dashboard.childCounts.reduce((sum, group) => sum + group.count, 0);
  const byStatus = (status: "ACTIVE" | "IN_TRIAL" | "INACTIVE") =>
    dashboard.childCounts.filter((group) => group.status === status).reduce((sum, group) => sum + group.count, 0);
  const hasChildren = canHaveChildren(account.kind);

  return (
    <>
      <PageHeader
        title={account.name}
        description={
          <>
            {ACCOUNT_KIND_LABEL[account.kind]} · billing timezone {account.billingTimezone}{" "}
            <Badge tone={STATUS_TONE[account.status]}>{ACCOUNT_STATUS_LABEL[account.status]}</Badge>
          </>
        }
        actions={
          hasChildren && can("account:manage") ? (
            <ButtonLink href={`${base}/accounts/new`}>Create account</ButtonLink>
          ) : undefined
        }
      />
      <dl className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        {[
          { label: "Direct child accounts", value: childTotal, show: hasChildren },
          { label: "Accounts below", value: dashboard.descendantCount, show: hasChildren },
          { label: "In trial", value: byStatus("IN_TRIAL"), show: hasChildren },
          { label: "Users on this account", value: dashboard.memberCount, show: true },
        ]
          .filter((stat) => stat.show)
          .map((stat) => (
            <div key={stat.label} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{stat.label}</dt>
              <dd className="mt-1 text-2xl font-semibold text-slate-900">{stat.value}</dd>
            </div>
          ))}
      </dl>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        {hasChildren && (
          <Card
            title="Child accounts"
            actions={
              <Link href={`${base}/accounts`} className="text-sm font-medium text-brand-700 hover:underline">
                Manage Accounts
              </Link>
            }
          >
            {childTotal === 0 ? (
              <EmptyState title="No child accounts yet">Create the first one to start managing it.</EmptyState>
            ) : (
              <ul className="space-y-2 text-sm">
                {dashboard.childCounts.map((group) => (
                  <li key={`${group.kind}-${group.status}`} className="flex items-center justify-between">
                    <span>
                      {ACCOUNT_KIND_LABEL[group.kind]}{" "}
                      <Badge tone={STATUS_TONE[group.status]}>{ACCOUNT_STATUS_LABEL[group.status]}</Badge>
                    </span>
                    <Link
                      className="font-semibold text-brand-700 hover:underline"
                      href={`${base}/accounts?kind=${group.kind}&status=${group.status}`}
                    >
                      {group.count}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}

        {hasChildren && (
          <Card title="Trials ending in the next 14 days">
            {dashboard.trialsEndingSoon.length === 0 ? (
              <p className="text-sm text-slate-600">No trial ends in the next 14 days.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {dashboard.trialsEndingSoon.map((trial) => (
                  <li key={trial.id} className="flex items-center justify-between py-2">
                    <Link href={`/a/${trial.id}`} className="font-medium text-brand-700 hover:underline">
                      {trial.name}
                    </Link>
                    <span className="text-slate-600">ends {dbDateToIso(trial.trialEndsOn)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}

        {gatewaysByType && (
          <Card
            title="Gateways by licence type"
            actions={
              <Link href={`${base}/gateways`} className="text-sm font-medium text-brand-700 hover:underline">
                View Gateways
              </Link>
            }
          >
            <dl className="grid grid-cols-2 gap-4 text-sm">
              {(["SUBSCRIPTION", "PAYG"] as const).map((type) => (
                <div key={type}>
                  <dt className="text-slate-600">{type === "PAYG" ? "Pay-As-You-Go" : "Subscription"}</dt>
                  <dd>
                    <Link className="text-2xl font-semibold text-brand-700 hover:underline" href={`${base}/gateways?licenseType=${type}`}>
                      {gatewaysByType[type]}
                    </Link>
                  </dd>
                </div>
              ))}
            </dl>
          </Card>
        )}

        <Card title="Contracts about to expire (30 days)">
          {expiring.length === 0 ? (
            <p className="text-sm text-slate-600">No contract expires in the next 30 days.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {expiring.map((contract) => (
                <li key={contract.id} className="flex items-center justify-between gap-3 py-2">
                  <span className="min-w-0">
                    <Link href={`/a/${contract.accountId}/contracts`} className="font-medium text-brand-700 hover:underline">
                      {contract.accountName}
                    </Link>{" "}
                    <span className="text-slate-600">
                      · {contract.serviceName} · {CONTRACT_TYPE_LABEL[contract.type as ContractType]} · {contractLabel(contract.number)}
                    </span>
                  </span>
                  <Badge tone="amber">
                    {contract.daysLeft === 0 ? "ends today" : formatCount(contract.daysLeft, noun("day"))}
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>

        {dashboard.recentEvents && (
          <Card
            title="Recent changes"
            actions={
              <Link href={`${base}/audit`} className="text-sm font-medium text-brand-700 hover:underline">
                Audit log
              </Link>
            }
          >
            {dashboard.recentEvents.length === 0 ? (
              <p className="text-sm text-slate-600">Nothing has changed yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {dashboard.recentEvents.map((event) => (
                  <li key={event.id} className="py-2">
                    <p>
                      <span className="font-medium">{auditActionLabel(event.action)}</span> on {event.accountName}
                    </p>
                    <p className="text-xs text-slate-500">
                      {event.actorLabel} · {formatDateTime(event.createdAt)}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
      </div>
    </>
  );
}
