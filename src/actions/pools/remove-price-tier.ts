"use server";

import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { removePriceTier } from "@/server/pools/price-tiers";
import { poolAccount, poolChangeDone } from "./pool-action-result";

export const removePriceTierAction = portalAction(poolAccount.extend({ tierId: idSchema }), async ({ accountId, tierId }, actor) => {
  await removePriceTier(db, { actor, tierId });
  return poolChangeDone(accountId, "Price tier removed.");
});
