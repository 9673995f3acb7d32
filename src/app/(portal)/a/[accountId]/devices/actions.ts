"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema, optionalIdSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { pairDevice, registerDevice, registerDeviceSchema } from "@/server/devices/manage-devices";

export const registerDeviceAction = portalAction(z.object({ accountId: idSchema }).and(registerDeviceSchema), async ({ accountId, ...input }, actor) => {
  const device = await registerDevice(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}/devices`);
  return { status: "ok", message: `Device ${device.externalId} registered.`, at: Date.now() };
});

export const pairDeviceAction = portalAction(
  z.object({ accountId: idSchema, deviceId: idSchema, endUserId: optionalIdSchema }),
  async ({ accountId, deviceId, endUserId }, actor) => {
    await pairDevice(db, { actor, deviceId, endUserId: endUserId || null });
    revalidatePath(`/a/${accountId}/devices`);
    return { status: "ok", message: endUserId ? "Device paired." : "Device is now standalone.", at: Date.now() };
  },
);
