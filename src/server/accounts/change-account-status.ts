import "server-only";
import type { Account, AccountStatus } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import type { AuditAction } from "@/lib/labels";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { recordStatusPeriod } from "./account-status-periods";
import { lockAccountInReach } from "./get-account-in-reach";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";

export type StatusChange = "inactivate" | "reactivate" | "activate-trial";

const TRANSITIONS: Record<StatusChange, { from: readonly AccountStatus[]; to: AccountStatus; action: AuditAction }> = {
  inactivate: { from: ["ACTIVE", "IN_TRIAL"], to: "INACTIVE", action: "account.inactivated" },
  reactivate: { from: ["INACTIVE"], to: "ACTIVE", action: "account.reactivated" },
  "activate-trial": { from: ["IN_TRIAL"], to: "ACTIVE", action: "account.trial_activated" },
};

const REFUSALS: Record<StatusChange, string> = {
  inactivate: "Only an active or trial account can be inactivated.",
  reactivate: "Only an inactive account can be reactivated.",
  "activate-trial": "Only an account in trial can be switched to active.",
};

/**
 * The change that takes an account from `from` to `to` (the API names the status it wants, not
 * the change): to INACTIVE is inactivating, to ACTIVE reactivates an inactive account or ends a
 * trial. Null when no change leads there (already in that status).
 */
export function statusChangeTo(from: AccountStatus, to: "ACTIVE" | "INACTIVE"): StatusChange | null {
  if (to === "INACTIVE") return from === "INACTIVE" ? null : "inactivate";
  if (from === "INACTIVE") return "reactivate";
  return from === "IN_TRIAL" ? "activate-trial" : null;
}

/**
 * Inactivates, reactivates or ends the trial of a child account. Decided from
 * above: the caller must be ADMIN of the parent, so nobody switches off (or
 * back on) the account their own membership sits on.
 */
export async function changeAccountStatus(
  db: Db,
  options: {
    actor: Actor;
    accountId: string;
    /** The change, as the screen offers it; or the status wanted, as the API asks (statusChangeTo). */
    change: StatusChange | { to: "ACTIVE" | "INACTIVE" };
    reason?: string;
    /** Runs once the account is locked, before any rule: the API's If-Match (docs/api.md#etags). */
    precondition?: (tx: DbTx) => Promise<void>;
  },
): Promise<Account> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { account } = await lockAccountInReach(tx, actor, options.accountId);
    await options.precondition?.(tx);
    // Their own top account answers STATUS_MANAGED_ABOVE: they may see it, but its status is decided above them.
    assertCan(actor, "account:change-status", account);
    const change = typeof options.change === "string" ? options.change : statusChangeTo(account.status, options.change.to);
    if (!change) {
      throw new AppError("CONFLICT", `The account is already ${account.status === "ACTIVE" ? "active" : "inactive"}.`, { reason: "STATUS_CHANGE_NOT_ALLOWED" });
    }
    const transition = TRANSITIONS[change];
    if (!transition.from.includes(account.status)) {
      throw new AppError("CONFLICT", REFUSALS[change], { reason: "STATUS_CHANGE_NOT_ALLOWED" });
    }
    const updated = await tx.account.update({
      where: { id: account.id },
      data: { status: transition.to, trialEndsOn: transition.to === "ACTIVE" ? null : account.trialEndsOn },
    });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: transition.action,
      objectType: "account",
      objectId: account.id,
      before: { status: account.status },
      after: { status: updated.status, ...(options.reason ? { reason: options.reason } : {}) },
    });
    await recordStatusPeriod(tx, { accountId: account.id, status: updated.status });
    await recordWebhookEvent(tx, {
      accountId: account.id,
      type: "account.status_changed",
      data: { accountId: account.id, accountName: account.name, from: account.status, to: updated.status, ...(options.reason ? { reason: options.reason } : {}) },
    });
    return updated;
  });
}

