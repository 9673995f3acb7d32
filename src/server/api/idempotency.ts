import "server-only";
import { createHash } from "node:crypto";
import { AppError, invalid } from "@/lib/errors";
import type { DbTx } from "@/server/db";
import { IDEMPOTENCY_TTL_MS } from "@/server/api-keys/purge-idempotency-keys";

/*
 * Idempotency-Key on POST (docs/api.md#idempotency), Stripe's semantics: the same key with the
 * same request replays the first answer; with another request it is refused (422); while the
 * first is still running a retry is told to wait (409). Keys are kept 24 hours per API key.
 */

/** A first request that has not answered after this long crashed: a retry may run again. */
export const IDEMPOTENCY_STALE_MS = 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyClaim =
  | { kind: "run"; id: string }
  | { kind: "replay"; status: number; body: string };

export function requestHash(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");
}

export function checkIdempotencyKey(key: string): string {
  if (!KEY_PATTERN.test(key)) {
    throw invalid("Idempotency-Key must be 1–255 visible ASCII characters.", { "Idempotency-Key": ["Use 1–255 visible ASCII characters, e.g. a UUID."] });
  }
  return key;
}

/** Claims `key` for this request, or answers with what the first request answered. */
export async function claimIdempotencyKey(
  db: DbTx,
  options: { accountId: string; apiKeyId: string; key: string; hash: string; now?: Date },
): Promise<IdempotencyClaim> {
  const now = options.now ?? new Date();
  const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
  const stale = new Date(now.getTime() - IDEMPOTENCY_STALE_MS);
  // A key past its 24 hours, or a first request that crashed, is taken over in the same statement.
  const [claimed] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO api_idempotency_keys (id, account_id, api_key_id, key, request_hash, created_at)
    VALUES (gen_random_uuid(), ${options.accountId}::uuid, ${options.apiKeyId}::uuid, ${options.key}, ${options.hash}, ${now})
    ON CONFLICT (api_key_id, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at, response_status = NULL, response_body = NULL, completed_at = NULL
      WHERE api_idempotency_keys.created_at < ${expired}
         OR (api_idempotency_keys.completed_at IS NULL AND api_idempotency_keys.created_at < ${stale} AND api_idempotency_keys.request_hash = EXCLUDED.request_hash)
    RETURNING id`;
  if (claimed) return { kind: "run", id: claimed.id };
  const existing = await db.apiIdempotencyKey.findUnique({ where: { apiKeyId_key: { apiKeyId: options.apiKeyId, key: options.key } } });
  if (!existing) return claimIdempotencyKey(db, options);
  if (existing.requestHash !== options.hash) {
    throw new AppError("RULE_VIOLATION", "This Idempotency-Key was used with a different request. Use a new key for a new request.", {
      reason: "IDEMPOTENCY_KEY_REUSED",
      fieldErrors: { "Idempotency-Key": ["Already used with a different request."] },
    });
  }
  if (existing.responseStatus === null || existing.responseBody === null) {
    throw new AppError("CONFLICT", "A request with this Idempotency-Key is still running; retry in a moment.", { reason: "IDEMPOTENCY_KEY_IN_USE" });
  }
  return { kind: "replay", status: existing.responseStatus, body: existing.responseBody };
}

/** Stores the answer to replay. */
export async function completeIdempotencyKey(db: DbTx, id: string, response: { status: number; body: string }, now = new Date()) {
  await db.apiIdempotencyKey.update({ where: { id }, data: { responseStatus: response.status, responseBody: response.body, completedAt: now } });
}

/** Forgets a claim whose request failed in a way a retry may fix (5xx, 429): the retry runs anew. */
export async function releaseIdempotencyKey(db: DbTx, id: string) {
  await db.apiIdempotencyKey.deleteMany({ where: { id, completedAt: null } });
}
