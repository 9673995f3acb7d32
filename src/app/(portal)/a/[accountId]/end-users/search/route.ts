import { NextResponse } from "next/server";
import { invalid } from "@/lib/errors";
import { searchParam } from "@/lib/search-text";
import { isUuid } from "@/lib/ids";
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
  const groups = new URL(request.url).searchParams.getAll("notInGroup");
  if (groups.length > 1 || (groups[0] !== undefined && !isUuid(groups[0]))) {
    throw invalid("Group (notInGroup) must be one group id.", { notInGroup: ["Give one group id."] });
  }
  const endUsers = await searchEndUsers(db, { actor, accountId: params.accountId, q, notInGroupId: groups[0] });
  return NextResponse.json({ endUsers }, { headers: { "Cache-Control": "private, no-store" } });
});
