import "server-only";
import type { Device } from "@/generated/prisma/client";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { AppError, invalid, isUniqueViolation, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { normalizeGatewaySerial } from "./gateway-serial";

export const registerDeviceSchema = z.object({
  externalId: text({ error: "Enter the device id." }).trim().min(1, "Enter the device id it reports in telemetry.").max(128),
  kind: z.enum(["GATEWAY", "ENDPOINT", "USER_SEAT", "ACCESS_POINT"], { error: "Choose the kind of device." }),
  name: text().trim().max(120).optional().transform((value) => value || undefined),
});

/** Registers a device before its first telemetry (it would otherwise appear on its own). */
export async function registerDevice(
  db: Db,
  options: { actor: Actor; accountId: string; input: z.infer<typeof registerDeviceSchema> },
): Promise<Device> {
  const { actor, input } = options;
  try {
    return await db.$transaction(async (tx) => {
      const { account } = await getAccountInReach(tx, actor, options.accountId);
      assertCan(actor, "account:manage", account);
      const gateway =
        input.kind === "GATEWAY"
          ? await tx.gateway.findFirst({ where: { accountId: account.id, serialNumber: normalizeGatewaySerial(input.externalId) }, select: { id: true } })
          : null;
      const device = await tx.device.create({
        // A gateway's id in the form telemetry reports it under (gateway-serial.ts).
        data: { accountId: account.id, externalId: input.kind === "GATEWAY" ? normalizeGatewaySerial(input.externalId) : input.externalId, kind: input.kind, name: input.name, gatewayId: gateway?.id, registeredBy: "admin" },
      });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "device.registered",
        objectType: "device",
        objectId: device.id,
        after: { externalId: device.externalId, kind: device.kind },
      });
      return device;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "This account already has a device with that id.", {
        reason: "DEVICE_EXISTS",
        fieldErrors: { externalId: ["This account already has a device with that id."] },
      });
    }
    throw error;
  }
}

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
