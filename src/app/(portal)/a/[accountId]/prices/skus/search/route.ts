import { NextResponse } from "next/server";
import { searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { searchSellerSkus } from "@/server/billing/price-books/skus-sold";
import { portalRoute } from "@/server/edge/portal-route";

/**
 * GET /a/<seller>/prices/skus/search?q=… → `{ skus: [{ sku, name, serviceName, kinds }] }`: at most 20
 * SKUs the seller sells (docs/money.md#sellers-and-buyers), for the SKU field of a price or an override,
 * with the kinds each can be priced in. A repeated or overlong `q` is a 400 naming it; a customer or an
 * account out of reach, a 404.
 */
export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const skus = await searchSellerSkus(db, { actor, sellerId: params.accountId, q: searchParam(request.url) });
  return NextResponse.json({ skus }, { headers: { "Cache-Control": "private, no-store" } });
});
