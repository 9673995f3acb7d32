import { NextResponse } from "next/server";
import { searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { searchSwitcherAccounts } from "@/server/accounts/list-switcher-accounts";
import { portalRoute } from "@/server/edge/portal-route";

/**
 * GET /a/<account>/accounts/search?q=… → `{ accounts: [{ id, name, kind, status, level }] }`:
 * at most 20 accounts in the caller's reach whose name contains `q`, for the
 * account switcher (docs/accounts-and-roles.md#account-switcher). A repeated or overlong
 * `q` is a 400 naming it; an account out of reach a 404.
 */
export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const q = searchParam(request.url);
  const accounts = await searchSwitcherAccounts(db, { actor, accountId: params.accountId, q });
  return NextResponse.json({ accounts }, { headers: { "Cache-Control": "private, no-store" } });
});
