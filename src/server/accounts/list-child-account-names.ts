import "server-only";
import type { DbTx } from "@/server/db";

/** The direct children of an account, id and name only (for a "share with" choice). */
export async function listChildAccountNames(db: DbTx, options: { parentId: string }) {
  return db.account.findMany({ where: { parentId: options.parentId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
