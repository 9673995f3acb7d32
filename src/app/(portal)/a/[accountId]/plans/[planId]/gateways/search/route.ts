import { NextResponse } from "next/server";
import { searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { portalRoute } from "@/server/edge/portal-route";
import { searchAssignableGateways } from "@/server/gateways/search-assignable-gateways";

/**
 * GET /a/<account>/plans/<plan>/gateways/search?q=… → `{ gateways: [{ id, name, serialNumber,
 * accountName, firmwareVersion, planName }] }`: at most 20 gateways the plan's "Assign gateways"
 * may add, by name or serial number (docs/gateways-and-plans.md#assign-gateways). A repeated or
 * overlong `q` is a 400 naming it; a plan or account out of reach a 404, a caller who may not
 * change the plan a 403.
 */
export const GET = portalRoute<{ accountId: string; planId: string }>(async (request, { actor, params }) => {
  const q = searchParam(request.url);
  const gateways = await searchAssignableGateways(db, { actor, accountId: params.accountId, planId: params.planId, q });
  return NextResponse.json({ gateways }, { headers: { "Cache-Control": "private, no-store" } });
});
