"use server";

import { idSchema } from "@/lib/ids";
import { buyerBookInputSchema } from "@/server/billing/price-books/price-book-input";
import { setBuyerPriceBook } from "@/server/billing/price-books/set-buyer-price-book";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { priceChangeDone, sellerField } from "./price-action-result";

export const setBuyerPriceBookAction = portalAction(sellerField.extend({ buyerId: idSchema, ...buyerBookInputSchema.shape }), async ({ sellerId, buyerId, priceBookId }, actor) => {
  await setBuyerPriceBook(db, { actor, sellerId, buyerId, input: { priceBookId } });
  return priceChangeDone(sellerId, "Price book saved.");
});
