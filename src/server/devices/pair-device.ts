import "server-only";
import type { Device, DeviceKind } from "@/generated/prisma/client";
import { DEVICE_KIND_LABEL } from "@/lib/labels";
import { invalid, notFound, ruleViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";

/** Kinds a person is paired to: gateways and access points serve a site, not one person. */
const PAIRABLE_KINDS: readonly DeviceKind[] = ["ENDPOINT", "USER_SEAT"];

/**
 * Pairs a device to an end user of the same account (or unpairs it with null).
 * Gateways and access points are never paired (DEVICE_NOT_PAIRABLE), only unpaired.
 */
export async function pairDevice(
  db: Db,
  options: {
    actor: Actor;
    deviceId: string;
    endUserId: string | null;
    /** Runs once the device is locked, before any rule: the API's If-Match (docs/api.md#etags). */
    precondition?: (tx: DbTx) => Promise<void>;
  },
): Promise<Device> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    if (!isUuid(options.deviceId)) throw notFound("Device");
    await tx.$queryRaw`SELECT id FROM devices WHERE id = ${options.deviceId}::uuid FOR UPDATE`;
    const device = await tx.device.findFirst({
      where: { id: options.deviceId, ...reachableTenantWhere(actor.grants) },
      include: { account: { select: { path: true } }, endUser: { select: { externalId: true } } },
    });
    if (!device) throw notFound("Device");
    await options.precondition?.(tx);
    assertCan(actor, "account:manage", device.account);
    if (options.endUserId && !PAIRABLE_KINDS.includes(device.kind)) {
      throw ruleViolation("DEVICE_NOT_PAIRABLE", `${device.kind === "ACCESS_POINT" ? "An" : "A"} ${DEVICE_KIND_LABEL[device.kind].toLowerCase()} is not paired to a person: only endpoints and user seats are.`);
    }
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
