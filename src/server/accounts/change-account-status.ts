import "server-only";
import type { Account, AccountStatus } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import type { AuditAction } from "@/lib/labels";
import type { Db } from "@/server/db";
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
 * Inactivates, reactivates or ends the trial of a child account. Decided from
 * above: the caller must be ADMIN of the parent, so nobody switches off (or
 * back on) the account their own membership sits on.
 */
export async function changeAccountStatus(
  db: Db,
  options: { actor: Actor; accountId: string; change: StatusChange; reason?: string },
): Promise<Account> {
  const { actor, change } = options;
  const transition = TRANSITIONS[change];
  return db.$transaction(async (tx) => {
    const { account } = await lockAccountInReach(tx, actor, options.accountId);
    // Their own top account answers STATUS_MANAGED_ABOVE: they may see it, but its status is decided above them.
    assertCan(actor, "account:change-status", account);
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

