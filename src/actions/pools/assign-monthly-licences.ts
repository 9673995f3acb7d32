"use server";

import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { assignMonthlyLicences } from "@/server/pools/monthly-pool";
import { assignMonthlySchema } from "@/server/pools/pool-input";
import { poolAccount, poolChangeDone } from "./pool-action-result";

export const assignMonthlyAction = portalAction(poolAccount.extend(assignMonthlySchema.shape), async ({ accountId, ...input }, actor) => {
  const assignment = await assignMonthlyLicences(db, { actor, partnerId: accountId, ...input });
  return poolChangeDone(accountId, `${input.devices} device(s) protected; the client now has ${assignment.devices} on monthly licences.`);
});
