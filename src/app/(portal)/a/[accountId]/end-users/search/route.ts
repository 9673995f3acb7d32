import { NextResponse } from "next/server";
import { idParam, searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { portalRoute } from "@/server/edge/portal-route";
import { searchEndUsers } from "@/server/end-users/search-end-users";

/**
 * GET /a/<account>/end-users/search?q=… → `{ endUsers: [{ id, name, externalId }] }`:
 * at most 20 end users of the account matching `q`, for the pairing combobox and (with
 * `notInGroup=<group id>`, leaving its members out) a group's "Add member"
 * (docs/end-users-and-devices.md#pairing-search). A repeated or overlong `q` is a
 * 400 naming it; an account out of reach a 404.
 */
export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const q = searchParam(request.url);
  const notInGroupId = idParam(request.url, "notInGroup", "Group");
  const endUsers = await searchEndUsers(db, { actor, accountId: params.accountId, q, notInGroupId });
  return NextResponse.json({ endUsers }, { headers: { "Cache-Control": "private, no-store" } });
});
