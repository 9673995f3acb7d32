"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { removeGateway } from "@/server/gateways/remove-gateway";

export const removeGatewayAction = portalAction(z.object({ contextAccountId: idSchema, gatewayId: idSchema }), async ({ contextAccountId, gatewayId }, actor) => {
  await removeGateway(db, { actor, gatewayId });
  redirect(`/a/${contextAccountId}/gateways?removed=1`);
});
