"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { FormState } from "@/lib/form-state";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { webhookEndpointInputSchema } from "@/server/webhooks/webhook-endpoint-input";
import { joinEventTypes } from "./event-types-field";

const createAction = portalAction(z.object({ accountId: idSchema }).and(webhookEndpointInputSchema), async ({ accountId, ...input }, actor) => {
  const created = await createWebhookEndpoint(db, { actor, accountId, input });
  revalidatePath(`/a/${accountId}/webhooks`);
  return {
    status: "ok",
    message: "Endpoint added. Copy its signing secret now: it is shown only once.",
    data: { secret: created.secret, endpointId: created.id },
    at: Date.now(),
  };
});

export async function createWebhookEndpointAction(previous: FormState, formData: FormData): Promise<FormState> {
  return createAction(previous, joinEventTypes(formData));
}
