"use server";

import { idSchema } from "@/lib/ids";
import { addPrice } from "@/server/billing/price-books/add-price";
import { priceInputSchema } from "@/server/billing/price-books/price-book-input";
import { monthLabel } from "@/server/billing/price-books/pricing-months";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { priceChangeDone, sellerField } from "./price-action-result";

export const addPriceAction = portalAction(sellerField.extend({ bookId: idSchema, ...priceInputSchema.shape }), async ({ sellerId, bookId, ...input }, actor) => {
  await addPrice(db, { actor, sellerId, bookId, input });
  return priceChangeDone(sellerId, `Price of ${input.sku} added from ${monthLabel(input.fromMonth)}.`);
});
