import "server-only";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";

export async function removeNotificationRecipient(db: Db, options: { actor: Actor; accountId: string; recipientId: string }) {
  return db.$transaction(async (tx) => {
    const { account } = await getAccountInReach(tx, options.actor, options.accountId);
    assertCan(options.actor, "account:manage", account);
    if (!isUuid(options.recipientId)) throw notFound("Recipient");
    const row = await tx.notificationRecipient.findFirst({ where: { id: options.recipientId, accountId: account.id } });
    if (!row) throw notFound("Recipient");
    await tx.notificationRecipient.delete({ where: { id: row.id } });
    await recordAuditEvent(tx, options.actor, {
      accountId: account.id,
      action: "notifications.recipient_removed",
      objectType: "notification_recipient",
      objectId: row.id,
      before: { email: row.email },
    });
  });
}
