"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { registerDevice, registerDeviceSchema } from "@/server/devices/register-device";

export const registerDeviceAction = portalAction(z.object({ accountId: idSchema }).and(registerDeviceSchema), async ({ accountId, ...input }, actor) => {
  const device = await registerDevice(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}/devices`);
  return { status: "ok", message: `Device ${device.externalId} registered.`, at: Date.now() };
});
