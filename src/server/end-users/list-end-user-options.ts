import "server-only";
import type { DbTx } from "@/server/db";

/** A customer's end users, for a "pair with" list. */
export async function listEndUserOptions(db: DbTx, options: { accountId: string }) {
  return db.endUser.findMany({ where: { accountId: options.accountId }, select: { id: true, name: true, externalId: true }, orderBy: { name: "asc" } });
}
