"use server";

import { revalidatePath } from "next/cache";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { activateService } from "@/server/contracts/activate-service";
import { db } from "@/server/db";
import { accountIds } from "./contract-action-input";

export const activateServiceAction = portalAction(accountIds.extend({ serviceId: idSchema }), async ({ accountId, serviceId }, actor) => {
  await activateService(db, { actor, accountId, serviceId });
  revalidatePath(`/a/${accountId}/contracts`);
  return { status: "ok", message: "Service activated.", at: Date.now() };
});
