import Link from "next/link";
import { AlertSettingForm } from "@/components/billing/alert-setting-form";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/page-header";
import { ALERT_KIND_LABEL } from "@/lib/alert-kinds";
import { formatDateTime } from "@/lib/dates";
import { moneyInputValue } from "@/lib/money";
import { getAlertSettings } from "@/server/billing/alerts/get-alert-settings";
import { db } from "@/server/db";
import { requirePagePermission } from "@/server/edge/portal-context";

export const metadata = { title: "Alerts" };

export default async function AlertsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await requirePagePermission(accountId, "account:read");
  const view = await getAlertSettings(db, { actor, accountId: account.id });
  const currency = view.book?.currency ?? null;
  return (
    <>
      <PageHeader
        title="Alerts"
        description={
          <>
            When {account.name} is alerted, in the portal and by email to its{" "}
            <Link className="text-brand-700 underline" href={`/a/${account.id}/settings`}>
              notification recipients
            </Link>{" "}
            and the addresses below. Each alert is sent once.
          </>
        }
      />
      {view.rules.length === 0 ? (
        <p className="text-sm text-slate-600">No alerts apply to this account: it has no usage of its own.</p>
      ) : (
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
          {view.rules.map(({ kind, rule, isDefault }) => (
            <Card
              key={kind}
              title={ALERT_KIND_LABEL[kind]}
              actions={isDefault ? <Badge tone="slate">Default</Badge> : undefined}
            >
              <AlertSettingForm
                accountId={account.id}
                currency={currency}
                canManage={view.canManage}
                values={{
                  kind,
                  enabled: rule.enabled,
                  threshold: rule.threshold === null ? "" : kind === "FORECAST_OVER_BUDGET" && currency ? moneyInputValue(rule.threshold, currency) : String(rule.threshold),
                  minDevices: rule.minDevices === null ? "" : String(rule.minDevices),
                  recipients: rule.recipients.join(", "),
                  isDefault,
                }}
              />
            </Card>
          ))}
        </div>
      )}
      <div className="mt-6">
        <Card title="Latest alerts">
          {view.recent.length === 0 ? (
            <p className="text-sm text-slate-600">No alert yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" aria-label="Latest alerts">
              {view.recent.map((alert) => (
                <li key={alert.id} className="py-2">
                  <span className="font-medium text-slate-900">{ALERT_KIND_LABEL[alert.kind]}</span>{" "}
                  <span className="text-xs text-slate-600">{formatDateTime(alert.createdAt, account.billingTimezone)}</span>
                  <span className="block text-slate-700">{alert.message}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
