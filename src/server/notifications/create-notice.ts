import "server-only";
import type { Notice } from "@/generated/prisma/client";
import { invalid } from "@/lib/errors";
import type { DbTx } from "@/server/db";

export interface NoticeInput {
  accountId: string;
  /**
   * Unique per account: the same key is one notice, ever (exactly once). Name it
   * after what it is about, e.g. `location-licence:<id>:expiry:DAYS_15` or
   * `pool-shortfall:<poolId>:2026-11:<clientId>`.
   */
  key: string;
  /** A short machine name of what happened, e.g. "licence.expiry". */
  kind: string;
  title: string;
  body: string;
  /** A portal path (e.g. `/a/<account>/licences/<id>`) for the in-app list and the email. */
  link?: string;
  /** true → queued in the outbox and emailed; false → in-app only. */
  email: boolean;
  /**
   * Whose recipients are emailed (see resolveRecipients), together: by default the
   * notice's own account. Looked up only when the notice is new.
   */
  recipientAccountIds?: string[];
  /** More addresses emailed besides those accounts' recipients (an alert setting's own list). */
  extraRecipients?: string[];
  /**
   * Keys of earlier notices this one makes obsolete: those not emailed yet are
   * recorded as skipped (never sent late) once this one is created.
   */
  supersedes?: string[];
  now?: Date;
}

export interface CreatedNotice {
  /** false when a notice with this key already existed: nothing was written. */
  created: boolean;
  notice: Notice;
}

export const SUPERSEDED = "SUPERSEDED";
export const NO_RECIPIENTS = "NO_RECIPIENTS";

/**
 * Who is emailed an account's notices: its own recipients, or else its admins;
 * an account with neither (a customer managed entirely by its partner) falls
 * back to the nearest account above it that has some.
 */
export async function resolveRecipients(tx: DbTx, accountId: string): Promise<string[]> {
  const account = await tx.account.findUnique({ where: { id: accountId }, select: { path: true } });
  if (!account) return [];
  const chain = account.path.split("/").filter(Boolean).reverse();
  for (const id of chain) {
    const configured = await tx.notificationRecipient.findMany({ where: { accountId: id }, select: { email: true }, orderBy: { email: "asc" } });
    if (configured.length) return configured.map((row) => row.email);
    const admins = await tx.membership.findMany({
      where: { accountId: id, role: "ADMIN" },
      select: { user: { select: { email: true } } },
      orderBy: { user: { email: "asc" } },
    });
    if (admins.length) return admins.map((row) => row.user.email);
  }
  return [];
}

/**
 * Records a notice (in-app, and in the email outbox when `email`) inside the
 * caller's transaction, so the notice exists exactly when the change that
 * caused it commits. A key that already exists is "already done", not an error.
 * Any domain may call it: licences, contracts, licence pools.
 */
export async function createNotice(tx: DbTx, input: NoticeInput): Promise<CreatedNotice> {
  if (!input.key.trim() || input.key.length > 300) throw invalid("A notice needs a key of at most 300 characters.", { key: ["Give the notice a key."] });
  const now = input.now ?? new Date();
  const existing = await tx.notice.findUnique({ where: { accountId_key: { accountId: input.accountId, key: input.key } } });
  if (existing) return { created: false, notice: existing };

  const recipientAccounts = input.recipientAccountIds ?? [input.accountId];
  const recipients = input.email
    ? [
        ...new Set(
          [...(await Promise.all(recipientAccounts.map((id) => resolveRecipients(tx, id)))).flat(), ...(input.extraRecipients ?? [])].map((e) => e.trim().toLowerCase()),
        ),
      ]
    : [];
  const status = !input.email ? "IN_APP" : recipients.length ? "PENDING" : "SKIPPED";
  // ON CONFLICT DO NOTHING: two runs racing on the same key write one row, and neither fails.
  const [inserted] = await tx.notice.createManyAndReturn({
    data: [
      {
        accountId: input.accountId,
        key: input.key,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        email: input.email,
        recipients,
        status,
        skipReason: status === "SKIPPED" ? NO_RECIPIENTS : null,
        nextAttemptAt: status === "PENDING" ? now : null,
        createdAt: now,
      },
    ],
    skipDuplicates: true,
  });
  if (!inserted) {
    const raced = await tx.notice.findUniqueOrThrow({ where: { accountId_key: { accountId: input.accountId, key: input.key } } });
    return { created: false, notice: raced };
  }
  if (input.supersedes?.length) {
    await tx.notice.updateMany({
      where: { accountId: input.accountId, key: { in: input.supersedes }, status: "PENDING" },
      data: { status: "SKIPPED", skipReason: SUPERSEDED, nextAttemptAt: null, lastError: `Superseded by ${input.key}` },
    });
  }
  return { created: true, notice: inserted };
}

/**
 * Records notices that came due while nobody was looking and are already
 * superseded: kept as history ("skipped"), never emailed or shown as unread.
 */
export async function recordSkippedNotice(tx: DbTx, input: Omit<NoticeInput, "recipients" | "supersedes"> & { supersededBy: string }): Promise<boolean> {
  const result = await tx.notice.createMany({
    data: [
      {
        accountId: input.accountId,
        key: input.key,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        email: input.email,
        recipients: [],
        status: "SKIPPED",
        skipReason: SUPERSEDED,
        lastError: `Superseded by ${input.supersededBy}`,
        createdAt: input.now ?? new Date(),
      },
    ],
    skipDuplicates: true,
  });
  return result.count === 1;
}
