import "server-only";
import type { Device } from "@/generated/prisma/client";
import { invalid, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";

/** Pairs a device to an end user of the same account (or unpairs it with null). */
export async function pairDevice(
  db: Db,
  options: { actor: Actor; deviceId: string; endUserId: string | null },
): Promise<Device> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    if (!isUuid(options.deviceId)) throw notFound("Device");
    const device = await tx.device.findFirst({
      where: { id: options.deviceId, ...reachableTenantWhere(actor.grants) },
      include: { account: { select: { path: true } }, endUser: { select: { externalId: true } } },
    });
    if (!device) throw notFound("Device");
    assertCan(actor, "account:manage", device.account);
    let endUser: { id: string; externalId: string } | null = null;
    if (options.endUserId) {
      if (!isUuid(options.endUserId)) throw invalid("Choose an end user.", { endUserId: ["Unknown end user."] });
      // Same account only: a reference never points into another tenant.
      endUser = await tx.endUser.findFirst({ where: { id: options.endUserId, accountId: device.accountId }, select: { id: true, externalId: true } });
      if (!endUser) throw invalid("Choose an end user of the device's account.", { endUserId: ["Unknown end user."] });
    }
    const updated = await tx.device.update({ where: { id: device.id }, data: { endUserId: endUser?.id ?? null } });
    await recordAuditEvent(tx, actor, {
      accountId: device.accountId,
      action: endUser ? "device.paired" : "device.unpaired",
      objectType: "device",
      objectId: device.id,
      before: { endUser: device.endUser?.externalId ?? null },
      after: { endUser: endUser?.externalId ?? null },
    });
    return updated;
  });
}
