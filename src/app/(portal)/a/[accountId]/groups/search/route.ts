import { NextResponse } from "next/server";
import { idParam, searchParam } from "@/lib/search-text";
import { db } from "@/server/db";
import { portalRoute } from "@/server/edge/portal-route";
import { searchGroupOptions } from "@/server/end-users/search-group-options";

/**
 * GET /a/<customer>/groups/search?q=…[&notJoinedBy=<end user id>][&notAttachedTo=<package id>] →
 * `{ groups: [{ id, name }] }`: at most 20 user groups of the customer, for an end user's "Add to
 * group" and a subscription's "Attach to a user group" (docs/screens.md#async-combobox). A
 * repeated or overlong `q`, or a repeated or malformed id, is a 400 naming it; an account out of
 * reach (or not a customer) a 404.
 */
export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const q = searchParam(request.url);
  const notJoinedBy = idParam(request.url, "notJoinedBy", "End user");
  const notAttachedTo = idParam(request.url, "notAttachedTo", "Subscription");
  const groups = await searchGroupOptions(db, { actor, accountId: params.accountId, q, notJoinedBy, notAttachedTo });
  return NextResponse.json({ groups }, { headers: { "Cache-Control": "private, no-store" } });
});
