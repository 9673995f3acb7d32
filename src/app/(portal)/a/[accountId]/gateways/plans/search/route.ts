import { NextResponse } from "next/server";
import { idParam, searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { portalRoute } from "@/server/edge/portal-route";
import { searchGatewayPlanOptions } from "@/server/gateways/search-gateway-plan-options";

/**
 * GET /a/<account>/gateways/plans/search?owner=<account id>&q=… → `{ plans: [{ id, name, ownerName }] }`:
 * at most 20 plans a gateway of that owner may be in (its own and those of the accounts above
 * it), for the gateway form's Plan (docs/screens.md#async-combobox). A missing, repeated or
 * malformed `owner`, or a repeated or overlong `q`, is a 400 naming it; an account or owner out
 * of reach a 404.
 */
export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const q = searchParam(request.url);
  const ownerId = idParam(request.url, "owner", "Account", { required: true });
  const plans = await searchGatewayPlanOptions(db, { actor, accountId: params.accountId, ownerId, q });
  return NextResponse.json({ plans }, { headers: { "Cache-Control": "private, no-store" } });
});
