"use server";

import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { assignAnnualLicences } from "@/server/pools/assign-annual-licences";
import { assignAnnualSchema } from "@/server/pools/pool-input";
import { poolAccount, poolChangeDone } from "./pool-action-result";
import { formatCount, noun } from "@/lib/plural";

export const assignAnnualAction = portalAction(poolAccount.extend(assignAnnualSchema.shape), async ({ accountId, ...input }, actor) => {
  const assignment = await assignAnnualLicences(db, { actor, partnerId: accountId, ...input });
  return poolChangeDone(accountId, `${formatCount(assignment.quantity, noun("licence"))} assigned; the term runs until ${assignment.endsOn.toISOString().slice(0, 10)}.`);
});
