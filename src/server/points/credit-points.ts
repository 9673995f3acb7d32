import "server-only";
import { forbidden } from "@/lib/errors";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import type { Account } from "@/generated/prisma/client";
import { getPartnerInReach } from "@/server/accounts/get-partner-in-reach";
import { addPoints } from "./points-ledger";

/** Points are added by the partner's distributor: an ADMIN of a distributor account above it. */
export async function isDistributorAdminOf(db: DbTx, actor: Actor, partner: Pick<Account, "path" | "id">): Promise<boolean> {
  const above = actor.grants.filter((grant) => grant.role === "ADMIN" && grant.accountId !== partner.id && partner.path.startsWith(grant.accountPath));
  if (above.length === 0) return false;
  const distributors = await db.account.count({ where: { id: { in: above.map((grant) => grant.accountId) }, kind: "DISTRIBUTOR" } });
  return distributors > 0;
}

export async function creditPoints(
  db: Db,
  options: { actor: Actor; partnerId: string; points: number; reason: string },
): Promise<number> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const partner = await getPartnerInReach(tx, actor, options.partnerId, "account:manage");
    if (!(await isDistributorAdminOf(tx, actor, partner))) {
      throw forbidden("Points are added by the partner's distributor.", "NOT_THE_DISTRIBUTOR");
    }
    const balance = await addPoints(tx, actor, {
      accountId: partner.id,
      points: options.points,
      line: { kind: "CREDIT", reason: options.reason },
    });
    await recordAuditEvent(tx, actor, {
      accountId: partner.id,
      action: "points.credited",
      objectType: "points",
      objectId: partner.id,
      after: { points: options.points, reason: options.reason, balance },
    });
    return balance;
  });
}
