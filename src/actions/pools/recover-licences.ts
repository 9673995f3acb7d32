"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { listPositionQuery } from "@/lib/list-params";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { recoverSchema } from "@/server/pools/pool-input";
import { recoverLicences } from "@/server/pools/recover-licences";
import { poolAccount, refreshPoolPages } from "./pool-action-result";

/** The page of Assigned licences the row was on (`after=…&pageSize=…`), so the person stays there; never a reason to refuse. */
const listPosition = z.string().max(2200).optional().catch(undefined);

export const recoverAction = portalAction(poolAccount.extend({ ...recoverSchema.shape, list: listPosition }), async ({ accountId, assignmentId, quantity, list }, actor) => {
  const result = await recoverLicences(db, { actor, partnerId: accountId, assignmentId, quantity });
  refreshPoolPages(accountId);
  // The row's form may disappear once nothing is left to recover: the page says what happened.
  const position = listPositionQuery(new URLSearchParams(list ?? ""));
  redirect(`/a/${accountId}/pools?recovered=${result.recovered}&remaining=${result.remaining}${position ? `&${position}` : ""}`);
});
