"use server";

import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { assignMonthlyLicences } from "@/server/pools/monthly-pool";
import { assignMonthlySchema } from "@/server/pools/pool-input";
import { poolAccount, poolChangeDone } from "./pool-action-result";
import { formatCount, noun } from "@/lib/plural";

export const assignMonthlyAction = portalAction(poolAccount.extend(assignMonthlySchema.shape), async ({ accountId, ...input }, actor) => {
  const assignment = await assignMonthlyLicences(db, { actor, partnerId: accountId, ...input });
  return poolChangeDone(accountId, `${formatCount(input.devices, noun("device"))} protected; the client now has ${assignment.devices} on monthly licences.`);
});
