"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { setWebhookEndpointEnabled } from "@/server/webhooks/set-webhook-endpoint-enabled";

export const setWebhookEndpointEnabledAction = portalAction(
  z.object({ accountId: idSchema, endpointId: idSchema, enabled: z.enum(["on", "off"]) }),
  async ({ accountId, endpointId, enabled }, actor) => {
    await setWebhookEndpointEnabled(db, { actor, accountId, endpointId, enabled: enabled === "on" });
    revalidatePath(`/a/${accountId}/webhooks`, "layout");
    return {
      status: "ok",
      message: enabled === "on" ? "Endpoint switched on: waiting events are sent on the next run." : "Endpoint switched off: it receives no events until switched on.",
      at: Date.now(),
    };
  },
);
