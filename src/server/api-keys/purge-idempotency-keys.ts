import "server-only";
import type { DbTx } from "@/server/db";

/** Idempotency-Keys are kept this long per API key (docs/api.md#idempotency). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** The daily retention step: keys past their 24 hours, which may then be used again. */
export async function purgeIdempotencyKeys(db: DbTx, now = new Date()): Promise<number> {
  const { count } = await db.apiIdempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } } });
  return count;
}
