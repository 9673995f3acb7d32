import "server-only";
import type { DbTx } from "@/server/db";
import { createNotice } from "@/server/notifications/create-notice";

export interface TrialActivatedNotice {
  /** Unique per account: the trial ends once, so the notice is sent once. */
  key: string;
  accountId: string;
  subject: string;
  body: string;
}

/**
 * The notice for a customer whose trial ended and who became active
 * automatically (docs/notifications.md#trial-activated): in-app and by email to the account's recipients
 * (or the nearest admins above it). It runs in the transaction that switched
 * the account, so the notice and the change commit together, and its key
 * makes it exactly once.
 */
export async function notifyTrialActivated(
  tx: DbTx,
  account: { id: string; name: string; trialEndedOn: string },
  options: { now: Date },
): Promise<TrialActivatedNotice> {
  const notice: TrialActivatedNotice = {
    key: `trial-activated:${account.id}`,
    accountId: account.id,
    subject: `${account.name} is now active`,
    body: `The trial of ${account.name} ended on ${account.trialEndedOn}. The account was switched from in trial to active automatically; billing continues as an active subscription.`,
  };
  await createNotice(tx, {
    accountId: account.id,
    key: notice.key,
    kind: "account.trial_activated",
    title: notice.subject,
    body: notice.body,
    link: `/a/${account.id}/settings`,
    email: true,
    now: options.now,
  });
  return notice;
}
