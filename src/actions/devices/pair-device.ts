"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema, optionalIdSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { pairDevice } from "@/server/devices/pair-device";

export const pairDeviceAction = portalAction(
  z.object({ accountId: idSchema, deviceId: idSchema, endUserId: optionalIdSchema }),
  async ({ accountId, deviceId, endUserId }, actor) => {
    await pairDevice(db, { actor, deviceId, endUserId: endUserId || null });
    revalidatePath(`/a/${accountId}/devices`);
    return { status: "ok", message: endUserId ? "Device paired." : "Device is now standalone.", at: Date.now() };
  },
);
