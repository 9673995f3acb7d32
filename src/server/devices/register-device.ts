import "server-only";
import type { Device } from "@/generated/prisma/client";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
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
