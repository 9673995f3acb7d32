"use server";

import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { removePrice } from "@/server/billing/price-books/remove-price";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { priceChangeDone, sellerField } from "./price-action-result";

export const removePriceAction = portalAction(sellerField.extend({ bookId: idSchema, priceId: z.string() }), async ({ sellerId, bookId, priceId }, actor) => {
  await removePrice(db, { actor, sellerId, bookId, priceId });
  return priceChangeDone(sellerId, "Price removed.");
});
