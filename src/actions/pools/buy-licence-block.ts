"use server";

import { formatCents } from "@/lib/money";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { buyLicenceBlock } from "@/server/pools/buy-licence-block";
import { buyBlockSchema } from "@/server/pools/pool-input";
import { poolAccount, poolChangeDone } from "./pool-action-result";
import { formatCount, noun } from "@/lib/plural";

export const buyBlockAction = portalAction(poolAccount.extend(buyBlockSchema.shape), async ({ accountId, ...input }, actor) => {
  const result = await buyLicenceBlock(db, { actor, partnerId: accountId, input });
  return poolChangeDone(accountId, `Bought ${formatCount(input.quantity, noun("licence"))} for ${formatCents(result.quote.totalCents)}. ${result.available} available in the pool.`);
});
