import "server-only";
import type { UserGroup } from "@/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";

/** A group of the customer, or "not found" (also for malformed ids and other tenants). */
export async function groupOf(db: DbTx, accountId: string, groupId: string): Promise<UserGroup> {
  if (!isUuid(groupId)) throw notFound("Group");
  const group = await db.userGroup.findFirst({ where: { id: groupId, accountId } });
  if (!group) throw notFound("Group");
  return group;
}
