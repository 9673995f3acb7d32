"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { chosenIdSchema, idListSchema, idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { activateLicence } from "@/server/locations/activate-licence";
import { locationInputSchema } from "@/server/locations/location-input";
import { assignAccessPoints, createLocation, removeAccessPoint, updateLocation } from "@/server/locations/manage-locations";

const ids = z.object({ accountId: idSchema, locationId: idSchema });

export const createLocationAction = portalAction(z.object({ accountId: idSchema, ownerAccountId: chosenIdSchema("Choose the organisation.") }).and(locationInputSchema), async ({ accountId, ownerAccountId, ...input }, actor) => {
  const location = await createLocation(db, { actor, accountId: ownerAccountId, input });
  redirect(`/a/${accountId}/locations/${location.id}?created=1`);
});

export const updateLocationAction = portalAction(ids.and(locationInputSchema), async ({ accountId, locationId, ...input }, actor) => {
  await updateLocation(db, { actor, locationId, input });
  revalidatePath(`/a/${accountId}/locations`, "layout");
  return { status: "ok", message: "Location saved.", at: Date.now() };
});

export async function assignAccessPointsAction(previous: Parameters<typeof assignAction>[0], formData: FormData) {
  formData.set("deviceIds", formData.getAll("deviceIds").map(String).join(","));
  return assignAction(previous, formData);
}

const assignAction = portalAction(
  ids.extend({ deviceIds: idListSchema("Choose at least one access point.") }),
  async ({ accountId, locationId, deviceIds }, actor) => {
    const count = await assignAccessPoints(db, { actor, locationId, deviceIds });
    revalidatePath(`/a/${accountId}/locations`, "layout");
    return { status: "ok", message: `${count} access point(s) configured on the location.`, at: Date.now() };
  },
);

export const removeAccessPointAction = portalAction(ids.extend({ deviceId: idSchema }), async ({ accountId, locationId, deviceId }, actor) => {
  await removeAccessPoint(db, { actor, locationId, deviceId });
  revalidatePath(`/a/${accountId}/locations`, "layout");
  return { status: "ok", message: "Access point removed from the location.", at: Date.now() };
});

/** "Send Key": the licence number typed on the location. */
export const sendKeyAction = portalAction(
  ids.extend({ key: text().trim().min(1, "Enter the License Number.").max(100, "That is not a licence key.") }),
  async ({ accountId, locationId, key }, actor) => {
    await activateLicence(db, { actor, locationId, key });
    // The page then shows the provisioned licence in place of the form, with the confirmation.
    redirect(`/a/${accountId}/locations/${locationId}?provisioned=1`);
  },
);
