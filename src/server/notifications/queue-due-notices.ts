import "server-only";
import type { DbTx } from "@/server/db";
import { createNotice, recordSkippedNotice } from "./create-notice";

/** One notice of a schedule, e.g. "15 days before the end", and the local day it comes due. */
export interface ScheduledNotice {
  /** Appended to the series key: `<series>:<code>`. */
  code: string;
  dueOn: string;
  title: string;
  body: string;
}

export interface DueNoticesResult {
  queued: number;
  skipped: number;
}

/**
 * Queues the notices of a schedule that have come due by `today` (yyyy-MM-dd),
 * exactly once each. Only the most recent due notice is sent: after downtime
 * the ones it supersedes are recorded as skipped, never sent late, and an
 * earlier one still waiting in the outbox is withdrawn. Runs again the same day
 * (or twice a day) find the keys taken and write nothing.
 */
export async function queueDueNotices(
  tx: DbTx,
  options: {
    accountId: string;
    series: string;
    kind: string;
    link?: string;
    recipientAccountIds?: string[];
    schedule: ScheduledNotice[];
    today: string;
    now: Date;
  },
): Promise<DueNoticesResult> {
  const due = options.schedule.filter((step) => step.dueOn <= options.today).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  if (due.length === 0) return { queued: 0, skipped: 0 };
  const keyOf = (step: ScheduledNotice) => `${options.series}:${step.code}`;
  const latest = due[due.length - 1]!;
  const earlier = due.slice(0, -1);
  const common = { accountId: options.accountId, kind: options.kind, link: options.link, email: true, now: options.now };
  const created = await createNotice(tx, {
    ...common,
    key: keyOf(latest),
    title: latest.title,
    body: latest.body,
    recipientAccountIds: options.recipientAccountIds,
    supersedes: earlier.map(keyOf),
  });
  // The latest notice already existed: the earlier ones were recorded with it, in its transaction.
  if (!created.created) return { queued: 0, skipped: 0 };
  let skipped = 0;
  for (const step of earlier) {
    if (await recordSkippedNotice(tx, { ...common, key: keyOf(step), title: step.title, body: step.body, supersededBy: keyOf(latest) })) skipped++;
  }
  return { queued: created.created ? 1 : 0, skipped };
}
