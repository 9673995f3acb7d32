"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { denyAccessSchema } from "@/server/locations/location-input";
import { denyLicenceAccess, liftLicenceDenial } from "@/server/locations/set-licence-access";

const accessSchema = z.object({ accountId: idSchema, licenceId: idSchema, change: z.enum(["deny", "lift"]) }).and(denyAccessSchema);

export const changeLicenceAccessAction = portalAction(accessSchema, async ({ accountId, licenceId, change, reason }, actor) => {
  if (change === "deny") await denyLicenceAccess(db, { actor, licenceId, reason });
  else await liftLicenceDenial(db, { actor, licenceId, reason });
  revalidatePath(`/a/${accountId}/licences`, "layout");
  return { status: "ok", message: change === "deny" ? "Access denied: the service is unavailable." : "Access restored.", at: Date.now() };
});
