import "server-only";
import type { Account } from "@/generated/prisma/client";
import { invalid, isUniqueViolation } from "@/lib/errors";
import { dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import type { Db } from "@/server/db";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { lockAccountInReach } from "./get-account-in-reach";
import { userCenterIdTaken, type UpdateAccountInput } from "./account-input";

/** Edits an account's settings; the caller must be ADMIN of it or above it. */
export async function updateAccount(
  db: Db,
  options: { actor: Actor; accountId: string; input: UpdateAccountInput; now?: Date },
): Promise<Account> {
  const { actor, input } = options;
  try {
    return await db.$transaction(async (tx) => {
      const { account } = await lockAccountInReach(tx, actor, options.accountId);
      assertCan(actor, "account:manage", account);

      let trialEndsOn = account.trialEndsOn;
      if (account.status === "IN_TRIAL" && input.trialEndsOn) {
        const today = todayIn(input.billingTimezone, options.now);
        if (input.trialEndsOn < today) {
          throw invalid("The trial end date cannot be in the past.", {
            trialEndsOn: [`Choose ${today} or later.`],
          });
        }
        trialEndsOn = isoDateToDb(input.trialEndsOn);
      }

      const next = {
        name: input.name,
        billingTimezone: input.billingTimezone,
        retentionDays: input.retentionDays,
        userCenterId: input.userCenterId ?? null,
        trialEndsOn,
      };
      const diff = changedFields(
        { ...account, trialEndsOn: account.trialEndsOn && dbDateToIso(account.trialEndsOn) },
        { ...next, trialEndsOn: trialEndsOn && dbDateToIso(trialEndsOn) },
      );
      if (Object.keys(diff.after).length === 0) return account;

      const updated = await tx.account.update({ where: { id: account.id }, data: next });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "account.updated",
        objectType: "account",
        objectId: account.id,
        ...diff,
      });
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw userCenterIdTaken();
    throw error;
  }
}
