import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { generateApiKey } from "./api-key-format";

export const API_KEY_SCOPES = ["READ_WRITE", "READ_ONLY"] as const;

export const createApiKeySchema = z.object({
  name: text().trim().min(2, "Name the key (at least 2 characters).").max(80, "Keep the name under 80 characters."),
  scope: z.enum(API_KEY_SCOPES, { error: "Choose what the key may do." }).default("READ_WRITE"),
});

/** Creates a key for the account, read-write or read-only (docs/api.md#keys-and-scopes); the full key is returned once and never stored. */
export async function createApiKey(
  db: Db,
  options: { actor: Actor; accountId: string; name: string; scope?: (typeof API_KEY_SCOPES)[number] },
): Promise<{ id: string; key: string; prefix: string }> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { account } = await getAccountInReach(tx, actor, options.accountId);
    assertCan(actor, "account:manage", account);
    const { key, prefix, secretHash } = generateApiKey();
    const row = await tx.apiKey.create({
      data: { accountId: account.id, name: options.name, prefix, secretHash, createdBy: actor.email, scope: options.scope ?? "READ_WRITE" },
    });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "api_key.created",
      objectType: "api_key",
      objectId: row.id,
      after: { name: row.name, prefix, scope: row.scope },
    });
    return { id: row.id, key, prefix };
  });
}
