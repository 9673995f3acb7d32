import type { DbTx } from "@/server/db";
import { AppError } from "@/lib/errors";
import { burnPasswordCheck, verifyPassword } from "./password";

export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_CLIENT = 20;

/** One message for every wrong email or password: never say which one was wrong. */
export const GENERIC_SIGN_IN_ERROR = "The email or password is incorrect.";
export const THROTTLED_SIGN_IN_ERROR = "Too many failed attempts. Wait a few minutes and try again.";
export const INACTIVE_SIGN_IN_ERROR = "Your account is inactive. Ask your administrator to reactivate it.";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks an email and password. Repeated failures for one email or one client
 * within the window are refused before the password is looked at, for any
 * email, so throttling reveals nothing about which emails exist.
 */
export async function verifyCredentials(
  db: DbTx,
  input: { email: string; password: string; clientKey: string | null; now?: Date },
): Promise<{ userId: string }> {
  const email = normaliseEmail(input.email);
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);

  const [emailFailures, clientFailures] = await Promise.all([
    db.signInAttempt.count({ where: { email, succeeded: false, createdAt: { gte: since } } }),
    input.clientKey
      ? db.signInAttempt.count({ where: { clientKey: input.clientKey, succeeded: false, createdAt: { gte: since } } })
      : 0,
  ]);
  if (emailFailures >= MAX_FAILURES_PER_EMAIL || clientFailures >= MAX_FAILURES_PER_CLIENT) {
    await burnPasswordCheck(input.password);
    throw new AppError("RATE_LIMITED", THROTTLED_SIGN_IN_ERROR);
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, memberships: { select: { account: { select: { status: true } } } } },
  });
  const passwordOk = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await burnPasswordCheck(input.password), false);

  await db.signInAttempt.create({
    data: { email, clientKey: input.clientKey ?? "unknown", succeeded: Boolean(user && passwordOk), createdAt: now },
  });
  if (!user || !passwordOk) throw new AppError("UNAUTHENTICATED", GENERIC_SIGN_IN_ERROR);

  // Only after the password proved who they are do we say why they cannot enter.
  const usable = user.memberships.some((membership) => membership.account.status !== "INACTIVE");
  if (!usable) throw new AppError("FORBIDDEN", INACTIVE_SIGN_IN_ERROR, { reason: "ACCOUNT_INACTIVE" });

  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  return { userId: user.id };
}
