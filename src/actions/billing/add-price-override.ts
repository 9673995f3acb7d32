"use server";

import { idSchema } from "@/lib/ids";
import { addPriceOverride } from "@/server/billing/price-books/add-price-override";
import { overrideInputSchema } from "@/server/billing/price-books/price-book-input";
import { monthLabel } from "@/server/billing/price-books/pricing-months";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { priceChangeDone, sellerField } from "./price-action-result";

export const addPriceOverrideAction = portalAction(sellerField.extend({ buyerId: idSchema, ...overrideInputSchema.shape }), async ({ sellerId, buyerId, ...input }, actor) => {
  await addPriceOverride(db, { actor, sellerId, buyerId, input });
  return priceChangeDone(sellerId, `${input.mode === "PRICE" ? "Own price" : "Discount"} added from ${monthLabel(input.fromMonth)}.`);
});
