"use server";

import { formatCents } from "@/lib/money";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { buyLicenceBlock } from "@/server/pools/buy-licence-block";
import { buyBlockSchema } from "@/server/pools/pool-input";
import { poolAccount, poolChangeDone } from "./pool-action-result";

export const buyBlockAction = portalAction(poolAccount.extend(buyBlockSchema.shape), async ({ accountId, ...input }, actor) => {
  const result = await buyLicenceBlock(db, { actor, partnerId: accountId, input });
  return poolChangeDone(accountId, `Bought ${input.quantity} licences for ${formatCents(result.quote.totalCents)}. ${result.available} available in the pool.`);
});
