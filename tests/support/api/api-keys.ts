import { expect } from "vitest";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { apiClient } from "./api-client";

/** A key of `accountId` made by `actor` (an admin there), read-write unless told; with its typed client. */
export async function apiKeyOf(actor: Actor, accountId: string, scope: "READ_WRITE" | "READ_ONLY" = "READ_WRITE") {
  const { key, id, prefix } = await createApiKey(db, { actor, accountId, name: scope === "READ_ONLY" ? "Read-only reporting" : "PSA sync" });
  if (scope === "READ_ONLY") await db.apiKey.update({ where: { id }, data: { scope } });
  return { key, id, prefix, api: apiClient(key) };
}

/** Runs `body` with the per-key rate limit set to `perMinute`, restoring the setting after. */
export async function withRateLimit<T>(perMinute: number, body: () => Promise<T>): Promise<T> {
  const before = process.env.API_RATE_LIMIT_PER_MINUTE;
  process.env.API_RATE_LIMIT_PER_MINUTE = String(perMinute);
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
    else process.env.API_RATE_LIMIT_PER_MINUTE = before;
  }
}

export const MISSING_ID = "00000000-0000-4000-8000-000000000000";

type Call = () => Promise<{ response: Response }>;

/**
 * Each call answers 401 through a client without a key, and 429 past a limit of one request a
 * minute through a fresh key of its own (the limit is per key). `calls(client)` lists one call
 * per operation of a tag; `freshClient` makes a new key's client.
 */
export async function expectKeyRefusals(calls: (client: ReturnType<typeof apiClient>) => Call[], freshClient: () => Promise<ReturnType<typeof apiClient>>) {
  for (const call of calls(apiClient(null))) expect((await call()).response.status).toBe(401);
  await withRateLimit(1, async () => {
    for (let i = 0; i < calls(apiClient(null)).length; i++) {
      const call = calls(await freshClient())[i]!;
      expect((await call()).response.status).not.toBe(429);
      // Two more calls: at least one falls in the first call's window even across a minute boundary.
      const answers = [await call(), await call()];
      const limited = answers.find((answer) => answer.response.status === 429);
      expect(limited?.response.headers.get("retry-after")).toMatch(/^\d+$/);
    }
  });
}
