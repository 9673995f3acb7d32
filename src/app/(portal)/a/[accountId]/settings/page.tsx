import { AccountSettingsForm } from "@/components/accounts/account-settings-form";
import { AccountStatusPanel } from "@/components/accounts/account-status-panel";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/page-header";
import { dbDateToIso } from "@/lib/dates";
import { ACCOUNT_KIND_LABEL, ACCOUNT_STATUS_LABEL, STATUS_TONE } from "@/lib/labels";
import { listTimezones } from "@/lib/timezones";
import { roleAboveAccount } from "@/server/accounts/change-account-status";
import { can } from "@/server/auth/permissions";
import { requirePagePermission } from "@/server/auth/portal-context";
import { db } from "@/server/db";
import { listNotificationRecipients } from "@/server/notifications/manage-recipients";
import { RecipientsPanel } from "@/components/notifications/notification-forms";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const context = await requirePagePermission(accountId, "account:read");
  const { account } = context;
  const canEdit = context.can("account:manage");
  const canChangeStatus = can(roleAboveAccount(context.actor, account.path), "account:manage");
  const trialEndsOn = account.trialEndsOn ? dbDateToIso(account.trialEndsOn) : null;
  const recipients = await listNotificationRecipients(db, { actor: context.actor, accountId: account.id });

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
      <div className="grid gap-6 xl:grid-cols-[2fr_1fr]">
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
        <Card title="Notification recipients">
          <RecipientsPanel accountId={account.id} recipients={recipients.map(({ id, email }) => ({ id, email }))} canEdit={canEdit} />
        </Card>
      </div>
    </>
  );
}
