"use server";

import { formatCents } from "@/lib/money";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { priceTierSchema } from "@/server/pools/pool-input";
import { setPriceTier } from "@/server/pools/price-tiers";
import { poolAccount, poolChangeDone } from "./pool-action-result";
import { formatCount, noun } from "@/lib/plural";

export const setPriceTierAction = portalAction(poolAccount.extend(priceTierSchema.shape), async ({ accountId, service, minQuantity, unitPrice }, actor) => {
  await setPriceTier(db, { actor, accountId, service, minQuantity, unitPriceCents: unitPrice });
  return poolChangeDone(accountId, `Price tier saved: from ${formatCount(minQuantity, noun("licence"))} at ${formatCents(unitPrice)} per licence and year.`);
});
