import { NextResponse } from "next/server";
import { searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { portalRoute } from "@/server/edge/portal-route";
import { searchLicensableLocations } from "@/server/locations/search-licensable-locations";

/**
 * GET /a/<distributor>/licences/locations/search?q=… → `{ locations: [{ id, name, sector,
 * accountName, partners: [{ id, name }] }] }`: at most 20 locations below the account whose site
 * or organisation name contains `q`, each with the partners a licence for it may name, for
 * Request license's "ID Location" (docs/screens.md#async-combobox). A repeated or overlong `q`
 * is a 400 naming it; an account out of reach a 404.
 */
export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const q = searchParam(request.url);
  const locations = await searchLicensableLocations(db, { actor, accountId: params.accountId, q });
  return NextResponse.json({ locations }, { headers: { "Cache-Control": "private, no-store" } });
});
