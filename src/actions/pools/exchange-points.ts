"use server";

import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { exchangePoints } from "@/server/pools/monthly-pool";
import { exchangeSchema } from "@/server/pools/pool-input";
import { poolAccount, poolChangeDone } from "./pool-action-result";
import { formatCount, noun } from "@/lib/plural";

export const exchangeAction = portalAction(poolAccount.extend(exchangeSchema.shape), async ({ accountId, ...input }, actor) => {
  const { quote, balance } = await exchangePoints(db, { actor, partnerId: accountId, input });
  return poolChangeDone(accountId, `Exchanged ${formatCount(quote.points, noun("point"))} for ${formatCount(quote.licences, noun("licence"))}. Balance: ${formatCount(balance, noun("point"))}.`);
});
