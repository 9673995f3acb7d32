"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { denyAccessSchema, licenceRequestSchema } from "@/server/locations/location-input";
import { requestLicence } from "@/server/locations/request-licence";
import { denyLicenceAccess, liftLicenceDenial } from "@/server/locations/set-licence-access";

export async function requestLicenceAction(previous: Parameters<typeof requestAction>[0], formData: FormData) {
  formData.set("modules", formData.getAll("modules").map(String).join(","));
  return requestAction(previous, formData);
}

const requestAction = portalAction(z.object({ accountId: idSchema }).and(licenceRequestSchema), async ({ accountId, ...input }, actor) => {
  const licence = await requestLicence(db, { actor, input });
  redirect(`/a/${accountId}/licenses/${licence.id}?generated=1`);
});

const accessSchema = z.object({ accountId: idSchema, licenceId: idSchema, change: z.enum(["deny", "lift"]) }).and(denyAccessSchema);

export const changeLicenceAccessAction = portalAction(accessSchema, async ({ accountId, licenceId, change, reason }, actor) => {
  if (change === "deny") await denyLicenceAccess(db, { actor, licenceId, reason });
  else await liftLicenceDenial(db, { actor, licenceId, reason });
  revalidatePath(`/a/${accountId}/licenses`, "layout");
  return { status: "ok", message: change === "deny" ? "Access denied: the service is unavailable." : "Access restored.", at: Date.now() };
});
