import "server-only";
import type { DbTx } from "@/server/db";
import { AppError } from "@/lib/errors";
import { burnPasswordCheck, verifyPassword } from "./password";

/**
 * Sign-in throttling (docs/security.md). Failures are counted per (email,
 * client address), never per email alone: someone hammering an email from
 * their own address delays only themselves, and the owner, from an address
 * that has not failed, still signs in with the right password.
 */
/** Failures a pair may make before each further one makes it wait. */
export const PAIR_FREE_FAILURES = 5;
/** While an email draws failures from many addresses, each new address gets one free failure. */
export const PAIR_FREE_FAILURES_UNDER_ATTACK = 1;
/** Failures for one email, from all addresses, in an hour that count as an attack on it. */
export const EMAIL_ATTACK_FAILURES_PER_HOUR = 20;
/** The first wait; it doubles with each further failure, up to the cap. */
export const PAIR_FIRST_DELAY_SECONDS = 60;
export const PAIR_MAX_DELAY_SECONDS = 60 * 60;
/** A pair's failures are forgotten after a day, or when it signs in. */
const PAIR_WINDOW_HOURS = 24;
/** Password spraying: failures one address may make over all emails, per hour and per day. */
export const CLIENT_MAX_FAILURES_PER_HOUR = 30;
export const CLIENT_MAX_FAILURES_PER_DAY = 100;
/** An address that signed in as this email within this many days is not held back by its other failures. */
const KNOWN_PAIR_DAYS = 30;

/** One message for every wrong email or password: never say which one was wrong. */
export const GENERIC_SIGN_IN_ERROR = "The email or password is incorrect.";
export const THROTTLED_SIGN_IN_ERROR = "Too many failed attempts. Wait a few minutes and try again.";
export const INACTIVE_SIGN_IN_ERROR = "Your account is inactive. Ask your administrator to reactivate it.";

const UNKNOWN_CLIENT = "unknown";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

interface AttemptCounts {
  pair_failures: number;
  pair_last_failure: Date | null;
  pair_known: boolean;
  email_failures: number;
  client_hour: number;
  client_day: number;
}

/** The wait before a pair with this many failures may try again; 0 while it has free failures left. */
export function pairDelaySeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(PAIR_MAX_DELAY_SECONDS, PAIR_FIRST_DELAY_SECONDS * 2 ** (failures - freeFailures));
}

async function countAttempts(db: DbTx, email: string, clientKey: string, now: Date): Promise<AttemptCounts> {
  const hourAgo = new Date(now.getTime() - 60 * 60_000);
  const pairSince = new Date(now.getTime() - PAIR_WINDOW_HOURS * 60 * 60_000);
  const knownSince = new Date(now.getTime() - KNOWN_PAIR_DAYS * 24 * 60 * 60_000);
  const [counts] = await db.$queryRaw<AttemptCounts[]>`
    WITH pair AS (
      SELECT created_at, succeeded FROM sign_in_attempts
      WHERE email = ${email} AND client_key = ${clientKey} AND created_at > ${knownSince} AND created_at <= ${now}
    ), last_success AS (
      SELECT max(created_at) AS at FROM pair WHERE succeeded
    )
    SELECT
      (SELECT count(*)::int FROM pair
        WHERE NOT succeeded AND created_at > greatest(${pairSince}::timestamptz, coalesce((SELECT at FROM last_success), ${pairSince}::timestamptz))
      ) AS pair_failures,
      (SELECT max(created_at) FROM pair WHERE NOT succeeded) AS pair_last_failure,
      ((SELECT at FROM last_success) IS NOT NULL) AS pair_known,
      (SELECT count(*)::int FROM sign_in_attempts
        WHERE email = ${email} AND NOT succeeded AND created_at > ${hourAgo} AND created_at <= ${now}) AS email_failures,
      (SELECT count(*)::int FROM sign_in_attempts
        WHERE client_key = ${clientKey} AND NOT succeeded AND created_at > ${hourAgo} AND created_at <= ${now}) AS client_hour,
      (SELECT count(*)::int FROM sign_in_attempts
        WHERE client_key = ${clientKey} AND NOT succeeded AND created_at > ${pairSince} AND created_at <= ${now}) AS client_day`;
  return counts!;
}

/** Whether this attempt is refused before its password is looked at. */
function isThrottled(counts: AttemptCounts, clientKnown: boolean, now: Date): boolean {
  const free = counts.email_failures >= EMAIL_ATTACK_FAILURES_PER_HOUR ? PAIR_FREE_FAILURES_UNDER_ATTACK : PAIR_FREE_FAILURES;
  const delay = pairDelaySeconds(counts.pair_failures, free);
  if (delay > 0 && counts.pair_last_failure && now.getTime() < counts.pair_last_failure.getTime() + delay * 1000) return true;
  // Spraying: an address failing for many emails is held back for all of them — except an
  // email it has signed in as before. An unknown address is never held back as a whole: that
  // would hold back everyone whose address is unknown.
  if (!clientKnown || counts.pair_known) return false;
  return counts.client_hour >= CLIENT_MAX_FAILURES_PER_HOUR || counts.client_day >= CLIENT_MAX_FAILURES_PER_DAY;
}

/**
 * Checks an email and password. A throttled attempt is refused before the
 * password is looked at, with the same cost and the same answer for every
 * email, so throttling reveals nothing about which emails exist.
 */
export async function verifyCredentials(
  db: DbTx,
  input: { email: string; password: string; clientKey: string | null; now?: Date },
): Promise<{ userId: string }> {
  const email = normaliseEmail(input.email);
  const now = input.now ?? new Date();
  const clientKey = input.clientKey || UNKNOWN_CLIENT;

  const counts = await countAttempts(db, email, clientKey, now);
  if (isThrottled(counts, Boolean(input.clientKey), now)) {
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
    data: { email, clientKey, succeeded: Boolean(user && passwordOk), createdAt: now },
  });
  if (!user || !passwordOk) throw new AppError("UNAUTHENTICATED", GENERIC_SIGN_IN_ERROR);

  // Only after the password proved who they are do we say why they cannot enter.
  const usable = user.memberships.some((membership) => membership.account.status !== "INACTIVE");
  if (!usable) throw new AppError("FORBIDDEN", INACTIVE_SIGN_IN_ERROR, { reason: "ACCOUNT_INACTIVE" });

  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  return { userId: user.id };
}
