import "server-only";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import type { Actor } from "@/server/auth/reach";

export async function listNotificationRecipients(db: DbTx, options: { actor: Actor; accountId: string }) {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  return db.notificationRecipient.findMany({ where: { accountId: account.id }, orderBy: { email: "asc" } });
}
