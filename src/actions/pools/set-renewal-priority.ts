"use server";

import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { setRenewalPriority } from "@/server/pools/monthly-pool";
import { prioritySchema } from "@/server/pools/pool-input";
import { poolAccount, poolChangeDone } from "./pool-action-result";

export const setPriorityAction = portalAction(poolAccount.extend(prioritySchema.shape), async ({ accountId, assignmentId, priority }, actor) => {
  await setRenewalPriority(db, { actor, partnerId: accountId, assignmentId, priority });
  return poolChangeDone(accountId, priority === null ? "Priority cleared: renewed by age of assignment." : `Renewal priority set to ${priority}.`);
});
