import { NextResponse } from "next/server";
import { searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { searchOwnerAccounts } from "@/server/accounts/search-owner-accounts";
import { portalRoute } from "@/server/edge/portal-route";

/**
 * GET /a/<account>/accounts/owners/search?q=… → `{ accounts: [{ id, name, kind }] }`: at most 20
 * accounts at or below this one that may own a gateway or a location (no distributor, the caller
 * an admin there), for the gateway form's "Owning account" and a new location's "Organization"
 * (docs/screens.md#async-combobox). A repeated or overlong `q` is a 400 naming it; an account out
 * of reach a 404.
 */
export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const q = searchParam(request.url);
  const accounts = await searchOwnerAccounts(db, { actor, accountId: params.accountId, q });
  return NextResponse.json({ accounts }, { headers: { "Cache-Control": "private, no-store" } });
});
