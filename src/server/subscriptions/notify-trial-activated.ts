import type { DbTx } from "@/server/db";

export interface TrialActivatedNotice {
  /** Unique per account: the trial ends once, so the notice is sent once. */
  key: string;
  accountId: string;
  subject: string;
  body: string;
}

/**
 * The notice for a customer whose trial ended and who became active
 * automatically (SPEC §1.1). It runs in the transaction that switched the
 * account, so the notice and the change commit together. Today it returns the
 * notice, which the caller records in the audit trail; INTEGRATION POINT: when
 * the notifications domain lands, call its createNotice(tx, notice) here (the
 * key makes it exactly once).
 */
export async function notifyTrialActivated(
  _tx: DbTx,
  account: { id: string; name: string; trialEndedOn: string },
): Promise<TrialActivatedNotice> {
  return {
    key: `trial-activated:${account.id}`,
    accountId: account.id,
    subject: `${account.name} is now active`,
    body: `The trial of ${account.name} ended on ${account.trialEndedOn}. The account was switched from in trial to active automatically; billing continues as an active subscription.`,
  };
}
