"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { chosenIdSchema, idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { locationInputSchema } from "@/server/locations/location-input";
import { createLocation } from "@/server/locations/create-location";

export const createLocationAction = portalAction(z.object({ accountId: idSchema, ownerAccountId: chosenIdSchema("Choose the organisation.") }).and(locationInputSchema), async ({ accountId, ownerAccountId, ...input }, actor) => {
  const location = await createLocation(db, { actor, accountId: ownerAccountId, input });
  redirect(`/a/${accountId}/locations/${location.id}?created=1`);
});
