import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";
import { queryPrepared } from "@/server/db/plain-pool";

/*
 * A token bucket per key, kept in PostgreSQL so every instance on the database enforces the rate
 * of one (docs/deploying.md): one upsert refills the bucket for the time since its last take,
 * takes a token when there is one, and says whether it did. Concurrent takes of one bucket queue
 * on its row, so two instances never spend the same token.
 */

export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** Takes one token of `bucket`; returns 0 when allowed, else the whole seconds to wait for one. */
export async function takeToken(db: DbTx, options: { accountId: string; bucket: string; limit: RateLimit; now?: Date }): Promise<number> {
  const { perSecond, burst } = options.limit;
  const now = options.now ?? new Date();
  // Tokens after the refill: up to the burst, the rate × the seconds since the last take (never negative time).
  const refilled = Prisma.sql`LEAST(${burst}::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (EXCLUDED.updated_at - b.updated_at))) * ${perSecond}::float8)`;
  // On the telemetry fast path: the ingest pool's prepared statement, like the batch itself (docs/metering.md, "Ingestion cost").
  const [row] = await queryPrepared<{ tokens: number; allowed: boolean }>(db, "ingest", "rate_limit_take", Prisma.sql`
    INSERT INTO rate_limit_buckets AS b (account_id, bucket, tokens, allowed, updated_at)
    VALUES (${options.accountId}::uuid, ${options.bucket}, GREATEST(0, ${burst}::float8 - 1), ${burst >= 1}, ${now})
    ON CONFLICT (account_id, bucket) DO UPDATE SET
      tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
      allowed = ${refilled} >= 1,
      updated_at = GREATEST(b.updated_at, EXCLUDED.updated_at)
    RETURNING tokens, allowed`);
  if (row!.allowed) return 0;
  return Math.max(1, Math.ceil((1 - row!.tokens) / perSecond));
}

/** Batches per second per key for telemetry (TELEMETRY_RATE_PER_SECOND, default 50, burst 2×). */
export function telemetryRateLimit(): RateLimit {
  const perSecond = Number(process.env.TELEMETRY_RATE_PER_SECOND ?? 50);
  return { perSecond, burst: perSecond * 2 };
}
