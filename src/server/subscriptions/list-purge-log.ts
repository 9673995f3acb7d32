import "server-only";
import type { DbTx } from "@/server/db";

/** What the retention purge deleted for an account, latest first. */
export async function listPurgeLog(db: DbTx, options: { accountId: string }) {
  return db.purgeLog.findMany({ where: { accountId: options.accountId }, orderBy: { purgedAt: "desc" }, take: 20 });
}
