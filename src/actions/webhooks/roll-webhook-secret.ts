"use server";

import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { rollWebhookSecret } from "@/server/webhooks/roll-webhook-secret";

export const rollWebhookSecretAction = portalAction(z.object({ accountId: idSchema, endpointId: idSchema }), async ({ accountId, endpointId }, actor) => {
  const { secret } = await rollWebhookSecret(db, { actor, accountId, endpointId });
  return {
    status: "ok",
    message: "New signing secret made: events are signed with it from now on. Copy it now: it is shown only once.",
    data: { secret },
    at: Date.now(),
  };
});
