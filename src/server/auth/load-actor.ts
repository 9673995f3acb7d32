import "server-only";
import type { Role } from "@/generated/prisma/client";
import { isUuid } from "@/lib/ids";
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
  if (!isUuid(userId)) return null;
  // One round trip on every request's critical path: the user with their usable memberships in
  // one statement (Prisma would send three, one after the other), and the session beside it.
  const [rows, liveSessions] = await Promise.all([
    db.$queryRaw<{ id: string; email: string; name: string; role: Role | null; account_id: string | null; path: string | null }[]>`
      SELECT u.id::text, u.email, u.name, m.role::text AS role, a.id::text AS account_id, a.path
      FROM users u
      LEFT JOIN (memberships m JOIN accounts a ON a.id = m.account_id AND a.status <> 'INACTIVE') ON m.user_id = u.id
      WHERE u.id = ${userId}::uuid
      ORDER BY m.created_at, m.id`,
    session ? db.userSession.count({ where: { userId, ...liveSessionWhere(session.sessionId, session.now ?? new Date()) } }) : 1,
  ]);
  const user = rows[0];
  const grants = rows.flatMap((row) => (row.role && row.account_id && row.path ? [{ accountId: row.account_id, accountPath: row.path, role: row.role }] : []));
  if (!user || liveSessions === 0 || grants.length === 0) return null;
  return { userId: user.id, email: user.email, name: user.name, sessionId: session?.sessionId ?? null, grants };
}
