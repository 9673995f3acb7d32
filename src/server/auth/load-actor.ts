import "server-only";
import type { DbTx } from "@/server/db";
import type { Actor } from "./reach";
import { liveSessionWhere } from "./sessions";

/**
 * Loads a user and the memberships they may use right now. Memberships of
 * inactive accounts are dropped, so a session whose account was inactivated
 * stops working on its next request. Returns null when nothing usable is left.
 *
 * With `session` (every signed-in request passes the one its token names), the
 * user is found only while that session is open: a signed-out, "signed out
 * everywhere" or expired session loads nobody (docs/security.md). Scripts and
 * tests acting as a user directly have no session to pass.
 */
export async function loadActor(
  db: DbTx,
  userId: string,
  session?: { sessionId: string; now?: Date },
): Promise<Actor | null> {
  const user = await db.user.findFirst({
    where: {
      id: userId,
      ...(session ? { sessions: { some: liveSessionWhere(session.sessionId, session.now ?? new Date()) } } : {}),
    },
    select: {
      id: true,
      email: true,
      name: true,
      memberships: {
        where: { account: { status: { not: "INACTIVE" } } },
        select: { role: true, account: { select: { id: true, path: true } } },
      },
    },
  });
  if (!user || user.memberships.length === 0) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    sessionId: session?.sessionId ?? null,
    grants: user.memberships.map((membership) => ({
      accountId: membership.account.id,
      accountPath: membership.account.path,
      role: membership.role,
    })),
  };
}
