"use server";

import { redirect } from "next/navigation";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { recoverSchema } from "@/server/pools/pool-input";
import { recoverLicences } from "@/server/pools/recover-licences";
import { poolAccount, refreshPoolPages } from "./pool-action-result";

export const recoverAction = portalAction(poolAccount.extend(recoverSchema.shape), async ({ accountId, assignmentId, quantity }, actor) => {
  const result = await recoverLicences(db, { actor, partnerId: accountId, assignmentId, quantity });
  refreshPoolPages(accountId);
  // The row's form may disappear once nothing is left to recover: the page says what happened.
  redirect(`/a/${accountId}/pools?recovered=${result.recovered}&remaining=${result.remaining}`);
});
