/**
 * A token bucket per API key, in this process's memory: enough to stop one
 * runaway client hammering one instance. (Several instances each allow the
 * rate; a shared store such as Redis would make it global.)
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, updatedAt: now };
    const refill = ((now - bucket.updatedAt) / 1000) * this.limit.perSecond;
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + refill);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.limit.perSecond);
  }
}

const globalLimiters = globalThis as unknown as { __telemetryLimiter?: RateLimiter };

/** Batches per second per key for telemetry (TELEMETRY_RATE_PER_SECOND, default 50, burst 2×). */
export function telemetryLimiter(): RateLimiter {
  const perSecond = Number(process.env.TELEMETRY_RATE_PER_SECOND ?? 50);
  globalLimiters.__telemetryLimiter ??= new RateLimiter({ perSecond, burst: perSecond * 2 });
  return globalLimiters.__telemetryLimiter;
}
