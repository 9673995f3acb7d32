"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { updateGateway } from "@/server/gateways/update-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";

export const updateGatewayAction = portalAction(
  z.object({ contextAccountId: idSchema, gatewayId: idSchema }).and(gatewayInputSchema),
  async ({ contextAccountId, gatewayId, ...input }, actor) => {
    await updateGateway(db, { actor, gatewayId, input });
    revalidatePath(`/a/${contextAccountId}/gateways`, "layout");
    return { status: "ok", message: "Gateway saved.", at: Date.now() };
  },
);
