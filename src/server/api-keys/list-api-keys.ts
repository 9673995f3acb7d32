import "server-only";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";

export async function listApiKeys(db: DbTx, options: { actor: Actor; accountId: string }) {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:manage", account);
  return db.apiKey.findMany({
    where: { accountId: account.id },
    select: { id: true, name: true, prefix: true, scope: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
}
