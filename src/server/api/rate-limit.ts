import "server-only";
import type { DbTx } from "@/server/db";

/*
 * Per-key rate limits of the public API (docs/api.md#rate-limits): a fixed window per key,
 * counted in PostgreSQL by one upsert, so every instance on the database enforces the same
 * limit as one would.
 */

export const API_RATE_WINDOW_S = 60;

export function apiRateLimitPerWindow(): number {
  const configured = Number(process.env.API_RATE_LIMIT_PER_MINUTE ?? 600);
  return Number.isInteger(configured) && configured > 0 ? configured : 600;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetS: number;
  allowed: boolean;
}

/** Counts one request of `bucket` in the current window; refused past the limit. */
export async function takeRateLimit(db: DbTx, options: { accountId: string; bucket: string; now?: Date; limit?: number }): Promise<RateLimitState> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? apiRateLimitPerWindow();
  const windowMs = API_RATE_WINDOW_S * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db.$queryRaw<{ hits: number }[]>`
    INSERT INTO api_rate_limits (account_id, bucket, window_start, hits)
    VALUES (${options.accountId}::uuid, ${options.bucket}, ${windowStart}, 1)
    ON CONFLICT (account_id, bucket, window_start) DO UPDATE SET hits = api_rate_limits.hits + 1
    RETURNING hits`;
  const hits = row!.hits;
  // The first request of a window clears the bucket's past windows: the table stays one row per active key.
  if (hits === 1) await db.$executeRaw`DELETE FROM api_rate_limits WHERE account_id = ${options.accountId}::uuid AND bucket = ${options.bucket} AND window_start < ${windowStart}`;
  const resetS = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return { limit, remaining: Math.max(0, limit - hits), resetS, allowed: hits <= limit };
}

/** The IETF draft's RateLimit-* headers (and Retry-After on a refusal). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "RateLimit-Limit": String(state.limit),
    "RateLimit-Remaining": String(state.remaining),
    "RateLimit-Reset": String(state.resetS),
    "RateLimit-Policy": `${state.limit};w=${API_RATE_WINDOW_S}`,
    ...(state.allowed ? {} : { "Retry-After": String(state.resetS) }),
  };
}
