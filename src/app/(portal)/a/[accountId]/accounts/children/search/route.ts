import { NextResponse } from "next/server";
import { invalid } from "@/lib/errors";
import { searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { searchChildAccounts } from "@/server/accounts/search-child-accounts";
import { portalRoute } from "@/server/edge/portal-route";

/**
 * GET /a/<account>/accounts/children/search?q=…[&live=1] → `{ accounts: [{ id, name, kind }] }`: at
 * most 20 direct children of the account in reach, for "Shared with child account" of a plan and,
 * with `live=1` (no inactive account), a pool's "Client account" (docs/screens.md#async-combobox).
 * A repeated or overlong `q`, or a `live` other than 1, is a 400 naming it; an account out of
 * reach a 404.
 */
export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const q = searchParam(request.url);
  const live = new URL(request.url).searchParams.getAll("live");
  if (live.length > 1 || (live.length === 1 && live[0] !== "1")) {
    throw invalid("Live accounts only (live) is 1 or left out.", { live: ["Give live=1 or leave it out."] });
  }
  const accounts = await searchChildAccounts(db, { actor, parentId: params.accountId, q, live: live.length === 1 });
  return NextResponse.json({ accounts }, { headers: { "Cache-Control": "private, no-store" } });
});
