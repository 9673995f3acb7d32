import "server-only";
import { dbDateToIso } from "@/lib/dates";
import type { Db } from "@/server/db";
import { recordStatusPeriod } from "@/server/accounts/account-status-periods";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { notifyTrialActivated } from "./notify-trial-activated";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";

/**
 * Every account still in trial whose trial's last day has passed (in its own
 * timezone) becomes active: a trial converts by itself at its end
 * (docs/subscriptions.md#trials). The switch is a conditional
 * UPDATE … WHERE status = 'IN_TRIAL', so a repeated or concurrent run finds
 * nothing left: each account is activated, audited and notified exactly once.
 */
export async function activateEndedTrials(db: Db, options: { now: Date; accountIds?: string[] }): Promise<number> {
  const { now } = options;
  const only = options.accountIds ?? null;
  return db.$transaction(async (tx) => {
    const switched = await tx.$queryRaw<{ id: string; name: string; trial_ends_on: Date }[]>`
      UPDATE accounts a SET status = 'ACTIVE', trial_ends_on = NULL, updated_at = ${now}
      FROM (SELECT id, trial_ends_on FROM accounts
            WHERE status = 'IN_TRIAL' AND trial_ends_on IS NOT NULL
              AND trial_ends_on < (${now}::timestamptz AT TIME ZONE billing_timezone)::date
              AND (${only}::uuid[] IS NULL OR id = ANY(${only}::uuid[]))
            ORDER BY id FOR UPDATE) ended
      WHERE a.id = ended.id AND a.status = 'IN_TRIAL'
      RETURNING a.id, a.name, ended.trial_ends_on`;
    for (const account of switched) {
      const trialEndedOn = dbDateToIso(account.trial_ends_on);
      const notice = await notifyTrialActivated(tx, { id: account.id, name: account.name, trialEndedOn }, { now });
      await recordAuditEvent(tx, { system: "trial-end" }, {
        accountId: account.id,
        action: "account.trial_auto_activated",
        objectType: "account",
        objectId: account.id,
        before: { status: "IN_TRIAL", trialEndsOn: trialEndedOn },
        after: { status: "ACTIVE", notice: { key: notice.key, subject: notice.subject } },
      });
      await recordStatusPeriod(tx, { accountId: account.id, status: "ACTIVE" });
      await recordWebhookEvent(tx, {
        accountId: account.id,
        type: "account.status_changed",
        data: { accountId: account.id, accountName: account.name, from: "IN_TRIAL", to: "ACTIVE", reason: "Trial ended" },
        now,
      });
    }
    return switched.length;
  });
}
