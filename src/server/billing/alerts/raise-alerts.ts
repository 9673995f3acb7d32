import "server-only";
import type { Db } from "@/server/db";
import { createNotice } from "@/server/notifications/create-notice";
import { recordWebhookEvents } from "@/server/webhook-outbox/record-webhook-event";
import { forecastOverBudget, paygOverQuantity, poolsShortAtRenewal, usageSpikesAndDrops, type AlertCandidate, type CandidateScope } from "./alert-candidates";

export interface AlertsResult {
  alertsRaised: number;
  alertsAlreadyRaised: number;
}

/** Alerts written per transaction, each with its notice. */
const CHUNK = 100;

/** The notice key of an alert: one notice per alert, whatever writes it. */
export const alertNoticeKey = (alert: Pick<AlertCandidate, "kind" | "subject" | "period">) => `alert:${alert.kind}:${alert.subject}:${alert.period}`;

/**
 * The daily step "alerts" (docs/money.md#alerts): every kind's candidates for every account (or
 * `accountIds`), found set-based, then each raised once per (account, kind, subject, period). The
 * alert row is inserted with ON CONFLICT DO NOTHING, and only the rows this run inserted get their
 * notice (in-app, and emailed to the account's recipients and the setting's own), in the same
 * transaction: a repeated run, or two runs at the same moment, write each alert and each notice
 * once — the second waits on the first's key and finds it taken.
 */
export async function raiseAlerts(db: Db, scope: CandidateScope): Promise<AlertsResult> {
  const found = (
    await Promise.all([paygOverQuantity(db, scope), usageSpikesAndDrops(db, scope), forecastOverBudget(db, scope), poolsShortAtRenewal(db, scope)])
  ).flat();
  const result: AlertsResult = { alertsRaised: 0, alertsAlreadyRaised: 0 };
  if (found.length === 0) return result;

  const settings = await db.alertSetting.findMany({
    where: { accountId: { in: [...new Set(found.map((alert) => alert.accountId))] }, recipients: { isEmpty: false } },
    select: { accountId: true, kind: true, recipients: true },
  });
  const extraOf = new Map(settings.map((setting) => [`${setting.accountId}/${setting.kind}`, setting.recipients]));

  for (let start = 0; start < found.length; start += CHUNK) {
    const chunk = found.slice(start, start + CHUNK);
    const raised = await db.$transaction(
      async (tx) => {
        const inserted = await tx.alert.createManyAndReturn({
          data: chunk.map((alert) => ({ accountId: alert.accountId, kind: alert.kind, subject: alert.subject, period: alert.period, message: alert.message, createdAt: scope.now })),
          skipDuplicates: true,
          select: { accountId: true, kind: true, subject: true, period: true },
        });
        const isNew = new Set(inserted.map((row) => `${row.accountId}/${alertNoticeKey(row)}`));
        const raisedNow = chunk.filter((candidate) => isNew.has(`${candidate.accountId}/${alertNoticeKey(candidate)}`));
        await recordWebhookEvents(
          tx,
          raisedNow.map((alert) => ({
            accountId: alert.accountId,
            type: "alert.triggered" as const,
            data: { accountId: alert.accountId, kind: alert.kind, subject: alert.subject, period: alert.period, title: alert.title, message: alert.message },
            now: scope.now,
          })),
        );
        for (const alert of raisedNow) {
          await createNotice(tx, {
            accountId: alert.accountId,
            key: alertNoticeKey(alert),
            kind: `alert.${alert.kind.toLowerCase()}`,
            title: alert.title,
            body: alert.message,
            link: alert.link,
            email: true,
            extraRecipients: extraOf.get(`${alert.accountId}/${alert.kind}`) ?? [],
            now: scope.now,
          });
        }
        return inserted.length;
      },
      { timeout: 120_000, maxWait: 120_000 },
    );
    result.alertsRaised += raised;
    result.alertsAlreadyRaised += chunk.length - raised;
  }
  return result;
}
