"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { lockGateway } from "@/server/gateways/lock-gateway";
import { unlockGateway } from "@/server/gateways/unlock-gateway";
import { licenceTypeSchema } from "@/server/plans/plan-input";

export const gatewayLockAction = portalAction(
  z.object({ contextAccountId: idSchema, gatewayId: idSchema, mode: z.enum(["unlock", "lock"]), licenceType: licenceTypeSchema.optional() }),
  async ({ contextAccountId, gatewayId, mode, licenceType }, actor) => {
    if (mode === "lock") await lockGateway(db, { actor, gatewayId });
    else await unlockGateway(db, { actor, gatewayId, licenceType: licenceType ?? "SUBSCRIPTION" });
    revalidatePath(`/a/${contextAccountId}/gateways`, "layout");
    return {
      status: "ok",
      message: mode === "lock" ? "The gateway follows its plan's licence type again." : "Unlocked from plan: the gateway uses its own licence type.",
      at: Date.now(),
    };
  },
);
