"use server";

import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { removePriceOverride } from "@/server/billing/price-books/remove-price-override";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { priceChangeDone, sellerField } from "./price-action-result";

export const removePriceOverrideAction = portalAction(sellerField.extend({ buyerId: idSchema, overrideId: z.string() }), async ({ sellerId, buyerId, overrideId }, actor) => {
  await removePriceOverride(db, { actor, sellerId, buyerId, overrideId });
  return priceChangeDone(sellerId, "Override removed.");
});
