import { expect } from "vitest";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { createApiKey } from "@/server/api-keys/create-api-key";
import type { TestAccount } from "../factories";

/* Keys made for an account, and the 429 check, as the usage, statements, licences, pools and notices API tests use them. */

/** A key of `account`, made by `by` (an admin of it); read-only when asked (docs/api.md#keys-and-scopes). */
export async function apiKeyOf(account: TestAccount, by: { actor: Actor }, scope: "READ_WRITE" | "READ_ONLY" = "READ_WRITE"): Promise<string> {
  const { key, id } = await createApiKey(db, { actor: by.actor, accountId: account.id, name: `${scope} key` });
  if (scope === "READ_ONLY") await db.apiKey.update({ where: { id }, data: { scope } });
  return key;
}

/**
 * Runs `call` with a limit of one request a minute: the first is allowed, the next is 429 with
 * Retry-After. Give it a key no other call used, so earlier requests of the window do not count.
 */
export async function expectRateLimited(call: () => Promise<{ response: Response; error?: unknown }>) {
  const before = process.env.API_RATE_LIMIT_PER_MINUTE;
  process.env.API_RATE_LIMIT_PER_MINUTE = "1";
  try {
    expect((await call()).response.status).not.toBe(429);
    // Windows are fixed minutes: if one ended between the two calls, the third call is past the limit.
    let answer = await call();
    if (answer.response.status !== 429) answer = await call();
    const { response, error } = answer;
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((error as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  } finally {
    if (before === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
    else process.env.API_RATE_LIMIT_PER_MINUTE = before;
  }
}
