"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { registerGateway } from "@/server/gateways/register-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";

export const registerGatewayAction = portalAction(
  z.object({ contextAccountId: idSchema }).and(gatewayInputSchema),
  async ({ contextAccountId, ...input }, actor) => {
    const gateway = await registerGateway(db, { actor, input });
    redirect(`/a/${contextAccountId}/gateways?registered=${encodeURIComponent(gateway.name)}`);
  },
);
