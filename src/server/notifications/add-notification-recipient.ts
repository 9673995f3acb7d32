import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";

export const recipientEmailSchema = text().trim().toLowerCase().pipe(z.email("Enter an email address.").max(254, "Keep the email under 254 characters."));

const recipientTaken = (email: string) => {
  const message = `${email} already receives this account's notifications.`;
  return new AppError("CONFLICT", message, { reason: "RECIPIENT_EXISTS", fieldErrors: { email: [message] } });
};

/** Adds an email that receives this account's notices (instead of its admins). */
export async function addNotificationRecipient(db: Db, options: { actor: Actor; accountId: string; email: string }) {
  try {
    return await addInTx(db, options);
  } catch (error) {
    // The same email added at the same moment by someone else: the check's answer, not a raw database error.
    if (isUniqueViolation(error)) throw recipientTaken(options.email);
    throw error;
  }
}

function addInTx(db: Db, options: { actor: Actor; accountId: string; email: string }) {
  return db.$transaction(async (tx) => {
    const { account } = await getAccountInReach(tx, options.actor, options.accountId);
    assertCan(options.actor, "account:manage", account);
    const exists = await tx.notificationRecipient.findUnique({ where: { accountId_email: { accountId: account.id, email: options.email } } });
    if (exists) throw recipientTaken(options.email);
    const row = await tx.notificationRecipient.create({ data: { accountId: account.id, email: options.email } });
    await recordAuditEvent(tx, options.actor, {
      accountId: account.id,
      action: "notifications.recipient_added",
      objectType: "notification_recipient",
      objectId: row.id,
      after: { email: row.email },
    });
    return row;
  });
}
