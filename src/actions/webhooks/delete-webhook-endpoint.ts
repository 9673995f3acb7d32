"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { deleteWebhookEndpoint } from "@/server/webhooks/delete-webhook-endpoint";

export const deleteWebhookEndpointAction = portalAction(z.object({ accountId: idSchema, endpointId: idSchema }), async ({ accountId, endpointId }, actor) => {
  await deleteWebhookEndpoint(db, { actor, accountId, endpointId });
  revalidatePath(`/a/${accountId}/webhooks`);
  redirect(`/a/${accountId}/webhooks?deleted=1`);
});
