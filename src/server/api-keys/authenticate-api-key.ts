import "server-only";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { hashApiKey, hashesEqual, parseApiKey } from "./api-key-format";

// lastUsedAt is a hint for people, not an audit: write it at most once a minute per key.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves `Authorization: Bearer <key>` to an actor of the key's account (and so of
 * everything below it): ADMIN for a read-write key, VIEWER for a read-only one, so the
 * domain's own permission checks refuse a read-only key's writes too (docs/api.md#keys-and-scopes). Revoked keys, keys of inactive
 * accounts and malformed headers all answer null: the caller says 401.
 */
export async function authenticateApiKey(db: DbTx, authorization: string | null, now = new Date()): Promise<Actor | null> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  const key = match?.[1];
  const parsed = key ? parseApiKey(key) : null;
  if (!key || !parsed) return null;
  const row = await db.apiKey.findUnique({
    where: { prefix: parsed.prefix },
    include: { account: { select: { id: true, path: true, status: true } } },
  });
  if (!row || row.revokedAt || row.account.status === "INACTIVE") return null;
  if (!hashesEqual(row.secretHash, hashApiKey(key))) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    userId: null,
    email: `api-key:${row.name} (${row.prefix})`,
    name: row.name,
    grants: [{ accountId: row.account.id, accountPath: row.account.path, role: row.scope === "READ_ONLY" ? "VIEWER" : "ADMIN" }],
    apiKey: { id: row.id, accountId: row.account.id, scope: row.scope },
  };
}
