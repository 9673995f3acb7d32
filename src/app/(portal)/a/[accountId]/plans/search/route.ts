import { NextResponse } from "next/server";
import { searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { portalRoute } from "@/server/edge/portal-route";
import { searchPlanOptions } from "@/server/plans/search-plan-options";

/**
 * GET /a/<account>/plans/search?q=… → `{ plans: [{ id, name, ownerName }] }`: at most 20
 * plans of the account (its own, shared with it, those of the accounts below it) whose
 * name contains `q`, for the Gateways list's Plan filter (docs/screens.md#async-combobox).
 * A repeated or overlong `q` is a 400 naming it; an account out of reach a 404.
 */
export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const q = searchParam(request.url);
  const plans = await searchPlanOptions(db, { actor, accountId: params.accountId, q });
  return NextResponse.json({ plans }, { headers: { "Cache-Control": "private, no-store" } });
});
