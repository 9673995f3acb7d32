"use server";

import { redirect } from "next/navigation";
import { createPriceBook } from "@/server/billing/price-books/create-price-book";
import { priceBookInputSchema } from "@/server/billing/price-books/price-book-input";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { priceChangeDone, sellerField } from "./price-action-result";

export const createPriceBookAction = portalAction(sellerField.extend(priceBookInputSchema.shape), async ({ sellerId, ...input }, actor) => {
  const book = await createPriceBook(db, { actor, sellerId, input });
  priceChangeDone(sellerId, "");
  // Straight to the new book, where its prices are added.
  redirect(`/a/${sellerId}/prices/${book.id}?created=1`);
});
