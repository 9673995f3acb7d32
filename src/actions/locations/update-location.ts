"use server";

import { revalidatePath } from "next/cache";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { locationInputSchema } from "@/server/locations/location-input";
import { updateLocation } from "@/server/locations/update-location";
import { locationIds } from "./location-ids";

export const updateLocationAction = portalAction(locationIds.and(locationInputSchema), async ({ accountId, locationId, ...input }, actor) => {
  await updateLocation(db, { actor, locationId, input });
  revalidatePath(`/a/${accountId}/locations`, "layout");
  return { status: "ok", message: "Location saved.", at: Date.now() };
});
