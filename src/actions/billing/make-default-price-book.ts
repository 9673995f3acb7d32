"use server";

import { idSchema } from "@/lib/ids";
import { makeDefaultPriceBook } from "@/server/billing/price-books/make-default-price-book";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { priceChangeDone, sellerField } from "./price-action-result";

export const makeDefaultPriceBookAction = portalAction(sellerField.extend({ bookId: idSchema }), async ({ sellerId, bookId }, actor) => {
  await makeDefaultPriceBook(db, { actor, sellerId, bookId });
  return priceChangeDone(sellerId, "Default price book changed: buyers without a book of their own are on it.");
});
