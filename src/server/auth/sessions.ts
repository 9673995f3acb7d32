import "server-only";
import type { DbTx } from "@/server/db";

/**
 * Sessions of signed-in browsers (docs/security.md). The session token (a JWT)
 * carries the id of one row here; loadActor accepts the token only while that
 * row is neither revoked nor expired, so signing out is real even though the
 * token itself is stateless and would otherwise stay valid until it expires.
 */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export async function startSession(db: DbTx, options: { userId: string; now?: Date }): Promise<string> {
  const now = options.now ?? new Date();
  const session = await db.userSession.create({
    data: { userId: options.userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) },
    select: { id: true },
  });
  return session.id;
}

/** Ends one session (sign-out). Unknown or already ended ids change nothing. */
export async function endSession(db: DbTx, options: { sessionId: string; now?: Date }): Promise<void> {
  await db.userSession.updateMany({
    where: { id: options.sessionId, revokedAt: null },
    data: { revokedAt: options.now ?? new Date() },
  });
}

/**
 * Ends every open session of a user ("Sign out everywhere"), or every one but
 * `keep` (a password change keeps the browser that made it). Returns how many ended.
 */
export async function endUserSessions(
  db: DbTx,
  options: { userId: string; keep?: string | null; now?: Date },
): Promise<number> {
  const now = options.now ?? new Date();
  const { count } = await db.userSession.updateMany({
    where: {
      userId: options.userId,
      revokedAt: null,
      expiresAt: { gt: now },
      ...(options.keep ? { id: { not: options.keep } } : {}),
    },
    data: { revokedAt: now },
  });
  return count;
}

/** The condition loadActor puts inside its query: the session is the user's, open and unexpired. */
export function liveSessionWhere(sessionId: string, now: Date) {
  return { id: sessionId, revokedAt: null, expiresAt: { gt: now } };
}
