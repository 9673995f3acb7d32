import "server-only";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";

export async function revokeApiKey(db: Db, options: { actor: Actor; accountId: string; keyId: string; now?: Date }) {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { account } = await getAccountInReach(tx, actor, options.accountId);
    assertCan(actor, "account:manage", account);
    if (!isUuid(options.keyId)) throw notFound("API key");
    const key = await tx.apiKey.findFirst({ where: { id: options.keyId, accountId: account.id, ...reachableTenantWhere(actor.grants) } });
    if (!key) throw notFound("API key");
    if (key.revokedAt) return key;
    const updated = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: options.now ?? new Date() } });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "api_key.revoked",
      objectType: "api_key",
      objectId: key.id,
      before: { name: key.name, prefix: key.prefix },
    });
    return updated;
  });
}
