import "server-only";
import type { DbTx } from "@/server/db";

/** A customer's end users who are not in the group yet: who "Add member" offers. */
export async function listEndUsersOutsideGroup(db: DbTx, options: { accountId: string; groupId: string }) {
  return db.endUser.findMany({
    where: { accountId: options.accountId, groups: { none: { groupId: options.groupId } } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, externalId: true },
    take: 500,
  });
}
