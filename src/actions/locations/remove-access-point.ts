"use server";

import { revalidatePath } from "next/cache";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { removeAccessPoint } from "@/server/locations/remove-access-point";
import { locationIds } from "./location-ids";

export const removeAccessPointAction = portalAction(locationIds.extend({ deviceId: idSchema }), async ({ accountId, locationId, deviceId }, actor) => {
  await removeAccessPoint(db, { actor, locationId, deviceId });
  revalidatePath(`/a/${accountId}/locations`, "layout");
  return { status: "ok", message: "Access point removed from the location.", at: Date.now() };
});
