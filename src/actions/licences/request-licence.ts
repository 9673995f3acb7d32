"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { licenceRequestSchema } from "@/server/locations/location-input";
import { requestLicence } from "@/server/locations/request-licence";

export async function requestLicenceAction(previous: Parameters<typeof requestAction>[0], formData: FormData) {
  formData.set("modules", formData.getAll("modules").map(String).join(","));
  return requestAction(previous, formData);
}

const requestAction = portalAction(z.object({ accountId: idSchema }).and(licenceRequestSchema), async ({ accountId, ...input }, actor) => {
  const licence = await requestLicence(db, { actor, input });
  redirect(`/a/${accountId}/licences/${licence.id}?generated=1`);
});
