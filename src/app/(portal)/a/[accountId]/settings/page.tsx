import Link from "next/link";
import { AccountSettingsForm } from "@/components/accounts/account-settings-form";
import { AccountStatusPanel } from "@/components/accounts/account-status-panel";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/page-header";
import { dbDateToIso } from "@/lib/dates";
import { ACCOUNT_KIND_LABEL, ACCOUNT_STATUS_LABEL, STATUS_TONE } from "@/lib/labels";
import { listTimezones } from "@/lib/timezones";
import { can } from "@/server/auth/permissions";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { formatDateTime } from "@/lib/dates";
import { listNotificationRecipients } from "@/server/notifications/list-notification-recipients";
import { listPurgeLog } from "@/server/subscriptions/list-purge-log";
import { RecipientsPanel } from "@/components/notifications/notification-forms";
import { BillingProfileForm } from "@/components/billing/billing-profile-form";
import { getBillingProfile } from "@/server/billing/billing-profiles/billing-profile";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const context = await requirePagePermission(accountId, "account:read");
  const { account } = context;
  const canEdit = context.can("account:manage");
  const canChangeStatus = can(context.actor, "account:change-status", account);
  const trialEndsOn = account.trialEndsOn ? dbDateToIso(account.trialEndsOn) : null;
  // The retention purge log (docs/subscriptions.md#retention-purge): what the daily job deleted, for the account's admins.
  const purges = context.can("audit:read")
    ? await listPurgeLog(db, { accountId: account.id })
    : [];
  const recipients = await listNotificationRecipients(db, { actor: context.actor, accountId: account.id });
  const billingProfile = await getBillingProfile(db, { actor: context.actor, accountId: account.id });

  return (
    <>
      <PageHeader
        title="Settings"
        description={
          <>
            {account.name} · {ACCOUNT_KIND_LABEL[account.kind]}{" "}
            <Badge tone={STATUS_TONE[account.status]}>{ACCOUNT_STATUS_LABEL[account.status]}</Badge>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr]">
        <Card title="Account details">
          <AccountSettingsForm
            readOnly={!canEdit}
            timezones={listTimezones()}
            account={{
              id: account.id,
              name: account.name,
              billingTimezone: account.billingTimezone,
              retentionDays: account.retentionDays,
              userCenterId: account.userCenterId ?? "",
              trialEndsOn,
              inTrial: account.status === "IN_TRIAL",
            }}
          />
        </Card>
        <Card title="Status">
          <AccountStatusPanel
            accountId={account.id}
            accountName={account.name}
            status={account.status}
            trialEndsOn={trialEndsOn}
            canChange={canChangeStatus}
          />
        </Card>
        {context.can("audit:read") && (
          <Card title="Purge log">
            <p className="mb-2 text-sm text-slate-600">
              Devices and end users with no activity for {account.retentionDays} days are purged by the daily job. Billing records are never purged.
            </p>
            {purges.length === 0 ? (
              <p className="text-sm text-slate-500">Nothing purged yet.</p>
            ) : (
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Purges</caption>
                <thead className="text-left text-xs font-semibold uppercase text-slate-600">
                  <tr>
                    <th scope="col" className="py-1 pr-2">When</th>
                    <th scope="col" className="py-1 pr-2">Retention</th>
                    <th scope="col" className="py-1 pr-2">Devices</th>
                    <th scope="col" className="py-1">End users</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {purges.map((purge) => (
                    <tr key={String(purge.id)}>
                      <td className="py-1 pr-2 whitespace-nowrap">{formatDateTime(purge.purgedAt, account.billingTimezone)}</td>
                      <td className="py-1 pr-2">{purge.retentionDays} days</td>
                      <td className="py-1 pr-2" title={((purge.details as { devices?: string[] }).devices ?? []).join(", ")}>{purge.devicesPurged}</td>
                      <td className="py-1" title={((purge.details as { endUsers?: string[] }).endUsers ?? []).join(", ")}>{purge.endUsersPurged}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
        )}
        <div id="billing-profile" className="scroll-mt-6">
          <Card title="Billing profile">
            <p className="mb-3 text-sm text-slate-600">Printed on the statements this account issues and receives.</p>
            <BillingProfileForm accountId={account.id} profile={billingProfile} canEdit={canEdit} />
          </Card>
        </div>
        <Card title="Notification recipients">
          <RecipientsPanel accountId={account.id} recipients={recipients.map(({ id, email }) => ({ id, email }))} canEdit={canEdit} />
        </Card>
        <Card title="Alerts">
          <p className="text-sm text-slate-700">
            PAYG usage over a contract&apos;s quantity, a month-end forecast over budget, usage spikes and drops, a monthly pool short at its next
            renewal: what alerts this account, and who else is emailed.{" "}
            <Link className="font-medium text-brand-700 hover:underline" href={`/a/${account.id}/settings/alerts`}>
              {canEdit ? "Set up alerts" : "View alerts"}
            </Link>
          </p>
        </Card>
      </div>
    </>
  );
}
