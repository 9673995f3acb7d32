import "server-only";
import type { DbTx } from "@/server/db";

/** A customer's user groups, id and name only (for a "choose a group" list). */
export async function listGroupOptions(db: DbTx, options: { accountId: string }) {
  return db.userGroup.findMany({ where: { accountId: options.accountId }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}
