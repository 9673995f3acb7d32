"use server";

import { redirect } from "next/navigation";
import { text } from "@/lib/input-schemas";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { activateLicence } from "@/server/locations/activate-licence";
import { locationIds } from "./location-ids";

/** "Send Key": the licence number typed on the location. */
export const sendKeyAction = portalAction(
  locationIds.extend({ key: text().trim().min(1, "Enter the License Number.").max(100, "That is not a licence key.") }),
  async ({ accountId, locationId, key }, actor) => {
    await activateLicence(db, { actor, locationId, key });
    // The page then shows the provisioned licence in place of the form, with the confirmation.
    redirect(`/a/${accountId}/locations/${locationId}?provisioned=1`);
  },
);
