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
