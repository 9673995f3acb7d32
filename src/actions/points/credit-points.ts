"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { creditPoints } from "@/server/points/credit-points";
import { creditPointsSchema } from "@/server/pools/pool-input";
import { formatCount, noun } from "@/lib/plural";

export const creditPointsAction = portalAction(z.object({ accountId: idSchema }).extend(creditPointsSchema.shape), async ({ accountId, points, reason }, actor) => {
  const balance = await creditPoints(db, { actor, partnerId: accountId, points, reason });
  revalidatePath(`/a/${accountId}/points`);
  return { status: "ok", message: `${formatCount(points, noun("point"))} added. Balance: ${formatCount(balance, noun("point"))}.`, at: Date.now() };
});
