"use server";

import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { setAutoExchange } from "@/server/pools/monthly-pool";
import { poolAccount, poolChangeDone } from "./pool-action-result";

export const setAutoExchangeAction = portalAction(poolAccount.extend({ poolId: idSchema, enabled: z.enum(["on", "off"]) }), async ({ accountId, poolId, enabled }, actor) => {
  await setAutoExchange(db, { actor, partnerId: accountId, poolId, enabled: enabled === "on" });
  return poolChangeDone(accountId, enabled === "on" ? "Points will be exchanged automatically at renewal." : "Automatic exchange at renewal is off.");
});
