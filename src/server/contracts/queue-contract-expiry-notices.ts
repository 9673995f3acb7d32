import "server-only";
import { addDaysIso, dbDateToIso } from "@/lib/dates";
import { CONTRACT_TYPE_LABEL } from "@/lib/labels";
import type { Db } from "@/server/db";
import { queueDueNotices, type ScheduledNotice } from "@/server/notifications/queue-due-notices";
import { ABOUT_TO_EXPIRE_DAYS } from "./contract-rules";
import { contractLabel } from "@/lib/contract-label";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";

/** "About to expire" (docs/contracts.md#expiry-notices: within 30 days), then a week and a day before the last day. */
export const CONTRACT_NOTICE_DAYS = [ABOUT_TO_EXPIRE_DAYS, 7, 1] as const;

/**
 * One series per contract and expiry date: when the contract is renewed (User
 * Center sync moves its expiry on the same contract), the new term has its own
 * notices, each still once.
 */
export const contractNoticeSeries = (contractId: string, expiresOn: string) => `contract:${contractId}:expiry:${expiresOn}`;

export function contractExpirySchedule(contract: { label: string; serviceName: string; typeLabel: string; accountName: string; expiresOn: string }): ScheduledNotice[] {
  return CONTRACT_NOTICE_DAYS.map((days) => ({
    code: `DAYS_${days}`,
    dueOn: addDaysIso(contract.expiresOn, -days),
    title: `Contract ${contract.label} is about to expire${days === 1 ? ": tomorrow is its last day" : ` (${days} days left)`}`,
    body:
      `The ${contract.typeLabel} contract ${contract.label} for ${contract.serviceName} of ${contract.accountName} expires on ${contract.expiresOn}` +
      ` (its last valid day). Renew it or add a new contract before then to keep the service.`,
  }));
}

interface Candidate {
  id: string;
  number: number;
  accountId: string;
  accountName: string;
  serviceName: string;
  type: keyof typeof CONTRACT_TYPE_LABEL;
  expiresOn: Date;
  today: string;
}

/**
 * The contracts' "about to expire" notices (docs/contracts.md#expiry-notices), queued by
 * the daily route through the shared notifications: exactly once per contract,
 * expiry date and threshold, only the most recent one after downtime. Trials that convert
 * by themselves are not "expiring". `accountIds` limits a run (tests).
 */
export async function queueContractExpiryNotices(db: Db, options: { now: Date; accountIds?: string[] }): Promise<{ queued: number; skipped: number }> {
  const { now } = options;
  const scoped = options.accountIds !== undefined;
  const lastCode = `DAYS_${CONTRACT_NOTICE_DAYS[CONTRACT_NOTICE_DAYS.length - 1]}`;
  const candidates = await db.$queryRaw<Candidate[]>`
    SELECT c.id::text, c.number, a.id::text AS "accountId", a.name AS "accountName", s.name AS "serviceName", c.type::text AS type,
           c.expires_on AS "expiresOn", to_char((${now}::timestamptz AT TIME ZONE a.billing_timezone)::date, 'YYYY-MM-DD') AS today
    FROM contracts c JOIN accounts a ON a.id = c.account_id JOIN services s ON s.id = c.service_id
    WHERE c.canceled_at IS NULL AND c.archived_at IS NULL AND c.expires_on IS NOT NULL
      AND NOT (c.type = 'TRIAL' AND c.trial_expiry_action = 'CONVERT')
      AND (${!scoped} OR c.account_id = ANY(${options.accountIds ?? []}::uuid[]))
      AND c.expires_on >= (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date
      AND c.expires_on - (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date <= ${ABOUT_TO_EXPIRE_DAYS}
      AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.account_id = c.account_id
                      AND n.key = 'contract:' || c.id::text || ':expiry:' || to_char(c.expires_on, 'YYYY-MM-DD') || ':' || ${lastCode}::text)`;
  let queued = 0;
  let skipped = 0;
  for (const contract of candidates) {
    const result = await db.$transaction(async (tx) => {
      const notices = await queueDueNotices(tx, {
        accountId: contract.accountId,
        series: contractNoticeSeries(contract.id, dbDateToIso(contract.expiresOn)),
        kind: "contract.about_to_expire",
        link: `/a/${contract.accountId}/contracts`,
        today: contract.today,
        now,
        schedule: contractExpirySchedule({
          label: contractLabel(contract.number),
          serviceName: contract.serviceName,
          typeLabel: CONTRACT_TYPE_LABEL[contract.type],
          accountName: contract.accountName,
          expiresOn: dbDateToIso(contract.expiresOn),
        }),
      });
      // One event per notice the account is sent: same thresholds, same "exactly once".
      if (notices.queued > 0) {
        const expiresOn = dbDateToIso(contract.expiresOn);
        await recordWebhookEvent(tx, {
          accountId: contract.accountId,
          type: "contract.expiring",
          data: {
            id: contract.id,
            contractId: contractLabel(contract.number),
            accountId: contract.accountId,
            serviceName: contract.serviceName,
            type: contract.type,
            expiresOn,
            daysLeft: Math.round((Date.parse(expiresOn) - Date.parse(contract.today)) / 86_400_000),
          },
          now,
        });
      }
      return notices;
    });
    queued += result.queued;
    skipped += result.skipped;
  }
  return { queued, skipped };
}
