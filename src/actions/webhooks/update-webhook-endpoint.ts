"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { FormState } from "@/lib/form-state";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { updateWebhookEndpoint } from "@/server/webhooks/update-webhook-endpoint";
import { webhookEndpointInputSchema } from "@/server/webhooks/webhook-endpoint-input";
import { joinEventTypes } from "./event-types-field";

const updateAction = portalAction(
  z.object({ accountId: idSchema, endpointId: idSchema }).and(webhookEndpointInputSchema),
  async ({ accountId, endpointId, ...input }, actor) => {
    await updateWebhookEndpoint(db, { actor, accountId, endpointId, input });
    revalidatePath(`/a/${accountId}/webhooks`, "layout");
    return { status: "ok", message: "Endpoint saved.", at: Date.now() };
  },
);

export async function updateWebhookEndpointAction(previous: FormState, formData: FormData): Promise<FormState> {
  return updateAction(previous, joinEventTypes(formData));
}
