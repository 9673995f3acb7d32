/**
 * When a failed delivery is tried again (docs/webhooks.md#retries): 1, 2, 4 … minutes
 * after each failure, at most 8 hours apart, each spread by ±20 % so that many
 * deliveries failing together do not come back together. Retries stop 3 days after
 * the delivery was first queued, and an endpoint failing for 3 days is switched off.
 */
export const RETRY_WINDOW_MS = 3 * 24 * 60 * 60_000;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 8 * 60 * 60_000;

/** `random` in [0, 1): the jitter's draw. */
export function webhookRetryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}
