import "server-only";
import type { DbTx } from "@/server/db";

/** Accounts at or below this one that may own a location (never a distributor), nearest first. */
export async function listLocationOwnersInReach(db: DbTx, options: { account: { path: string } }) {
  return db.account.findMany({
    where: { path: { startsWith: options.account.path }, kind: { not: "DISTRIBUTOR" } },
    select: { id: true, name: true },
    orderBy: [{ depth: "asc" }, { name: "asc" }],
    take: 500,
  });
}
