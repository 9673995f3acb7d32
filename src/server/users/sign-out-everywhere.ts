import "server-only";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { invalid } from "@/lib/errors";
import type { Actor } from "@/server/auth/reach";
import { endUserSessions } from "@/server/auth/sessions";

/**
 * "Sign out everywhere": ends every session of the caller, this browser's too
 * (docs/security.md). Audited once per account the person belongs to, like a
 * password change, so each account's trail shows it.
 */
export async function signOutEverywhere(db: Db, options: { actor: Actor; now?: Date }): Promise<number> {
  const { actor } = options;
  if (!actor.userId) throw invalid("Only a signed-in person can sign out.");
  const userId = actor.userId;
  return db.$transaction(async (tx) => {
    const ended = await endUserSessions(tx, { userId, now: options.now });
    for (const grant of actor.grants) {
      await recordAuditEvent(tx, actor, {
        accountId: grant.accountId,
        action: "user.signed_out_everywhere",
        objectType: "user",
        objectId: userId,
      });
    }
    return ended;
  });
}
