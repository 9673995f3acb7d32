"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { requireActor } from "@/server/auth/current-actor";
import { db } from "@/server/db";
import { lockGateway, registerGateway, removeGateway, unlockGateway, updateGateway } from "@/server/plans/manage-gateways";
import { gatewayInputSchema, licenseTypeSchema } from "@/server/plans/plan-input";
import { setUserPreference } from "@/server/users/user-preferences";

export const registerGatewayAction = portalAction(
  z.object({ contextAccountId: idSchema }).and(gatewayInputSchema),
  async ({ contextAccountId, ...input }, actor) => {
    const gateway = await registerGateway(db, { actor, input });
    redirect(`/a/${contextAccountId}/gateways?registered=${encodeURIComponent(gateway.name)}`);
  },
);

export const updateGatewayAction = portalAction(
  z.object({ contextAccountId: idSchema, gatewayId: idSchema }).and(gatewayInputSchema),
  async ({ contextAccountId, gatewayId, ...input }, actor) => {
    await updateGateway(db, { actor, gatewayId, input });
    revalidatePath(`/a/${contextAccountId}/gateways`, "layout");
    return { status: "ok", message: "Gateway saved.", at: Date.now() };
  },
);

export const removeGatewayAction = portalAction(z.object({ contextAccountId: idSchema, gatewayId: idSchema }), async ({ contextAccountId, gatewayId }, actor) => {
  await removeGateway(db, { actor, gatewayId });
  redirect(`/a/${contextAccountId}/gateways?removed=1`);
});

export const gatewayLockAction = portalAction(
  z.object({ contextAccountId: idSchema, gatewayId: idSchema, mode: z.enum(["unlock", "lock"]), licenseType: licenseTypeSchema.optional() }),
  async ({ contextAccountId, gatewayId, mode, licenseType }, actor) => {
    if (mode === "lock") await lockGateway(db, { actor, gatewayId });
    else await unlockGateway(db, { actor, gatewayId, licenseType: licenseType ?? "SUBSCRIPTION" });
    revalidatePath(`/a/${contextAccountId}/gateways`, "layout");
    return {
      status: "ok",
      message: mode === "lock" ? "The gateway follows its plan's licence type again." : "Unlocked from plan: the gateway uses its own licence type.",
      at: Date.now(),
    };
  },
);

const columnsSchema = z.array(text().max(40)).max(30);

/** Remembers the Gateways list's visible columns for this person. */
export async function saveGatewayColumnsAction(columns: string[]): Promise<void> {
  const actor = await requireActor();
  const parsed = columnsSchema.safeParse(columns);
  if (!parsed.success || !actor.userId) return;
  await setUserPreference(db, actor.userId, "gateways.columns", parsed.data);
}
