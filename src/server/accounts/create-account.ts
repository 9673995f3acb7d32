import "server-only";
import { randomUUID } from "node:crypto";
import type { Account } from "@/generated/prisma/client";
import { forbidden, invalid, isUniqueViolation } from "@/lib/errors";
import { dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { childPath, type Actor } from "@/server/auth/reach";
import { allowedChildKinds, assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "./get-account-in-reach";
import { userCenterIdTaken, type CreateAccountInput } from "./account-input";

/**
 * Creates a child account under `parentId`: a distributor creates MSSPs; an
 * MSSP creates customers and MSSP child accounts. The caller must be ADMIN there.
 */
export async function createAccount(
  db: Db,
  options: { actor: Actor; parentId: string; input: CreateAccountInput; now?: Date },
): Promise<Account> {
  const { actor, input } = options;
  try {
    return await db.$transaction(async (tx) => {
      const { account: parent } = await getAccountInReach(tx, actor, options.parentId);
      assertCan(actor, "account:manage", parent);
      if (!allowedChildKinds(parent.kind).includes(input.kind)) {
        throw forbidden(
          parent.kind === "CUSTOMER"
            ? "A customer account cannot have child accounts."
            : `A ${parent.kind.toLowerCase()} account cannot create ${input.kind.toLowerCase()} accounts.`,
          "CHILD_KIND_NOT_ALLOWED",
        );
      }
      if (input.status === "IN_TRIAL" && input.trialEndsOn) {
        const today = todayIn(input.billingTimezone, options.now);
        if (input.trialEndsOn <= today) {
          throw invalid("The trial must end after today.", {
            trialEndsOn: [`Choose a date after ${today}.`],
          });
        }
      }
      const id = randomUUID();
      const account = await tx.account.create({
        data: {
          id,
          name: input.name,
          kind: input.kind,
          status: input.status,
          trialEndsOn: input.status === "IN_TRIAL" && input.trialEndsOn ? isoDateToDb(input.trialEndsOn) : null,
          billingTimezone: input.billingTimezone,
          retentionDays: input.retentionDays,
          userCenterId: input.userCenterId ?? null,
          parentId: parent.id,
          path: childPath(parent.path, id),
          depth: parent.depth + 1,
        },
      });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "account.created",
        objectType: "account",
        objectId: account.id,
        after: {
          name: account.name,
          kind: account.kind,
          status: account.status,
          parent: parent.name,
          trialEndsOn: account.trialEndsOn ? dbDateToIso(account.trialEndsOn) : null,
          billingTimezone: account.billingTimezone,
          retentionDays: account.retentionDays,
          userCenterId: account.userCenterId,
        },
      });
      return account;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw userCenterIdTaken();
    }
    throw error;
  }
}
