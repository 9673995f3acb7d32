"use server";

import { revalidatePath } from "next/cache";
import { idListSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { assignAccessPoints } from "@/server/locations/assign-access-points";
import { locationIds } from "./location-ids";
import { formatCount, noun } from "@/lib/plural";

export async function assignAccessPointsAction(previous: Parameters<typeof assignAction>[0], formData: FormData) {
  formData.set("deviceIds", formData.getAll("deviceIds").map(String).join(","));
  return assignAction(previous, formData);
}

const assignAction = portalAction(
  locationIds.extend({ deviceIds: idListSchema("Choose at least one access point.") }),
  async ({ accountId, locationId, deviceIds }, actor) => {
    const count = await assignAccessPoints(db, { actor, locationId, deviceIds });
    revalidatePath(`/a/${accountId}/locations`, "layout");
    return { status: "ok", message: `${formatCount(count, noun("access point"))} configured on the location.`, at: Date.now() };
  },
);
