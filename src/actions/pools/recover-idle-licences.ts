"use server";

import { redirect } from "next/navigation";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { recoverIdleLicences } from "@/server/pools/get-reconciliation";
import { poolAccount, refreshPoolPages } from "./pool-action-result";

export const recoverIdleAction = portalAction(poolAccount.extend({ clientAccountId: idSchema, serviceId: idSchema }), async ({ accountId, clientAccountId, serviceId }, actor) => {
  const recovered = await recoverIdleLicences(db, { actor, partnerId: accountId, clientAccountId, serviceId });
  refreshPoolPages(accountId);
  redirect(`/a/${accountId}/pools/reconciliation?recovered=${recovered}`);
});
