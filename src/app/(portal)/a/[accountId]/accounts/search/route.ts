import { NextResponse } from "next/server";
import { invalid } from "@/lib/errors";
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
  const values = new URL(request.url).searchParams.getAll("q");
  if (values.length > 1) throw invalid("Search (q) was given more than once.", { q: ["Give one search."] });
  const accounts = await searchSwitcherAccounts(db, { actor, accountId: params.accountId, q: values[0] ?? "" });
  return NextResponse.json({ accounts }, { headers: { "Cache-Control": "private, no-store" } });
});
