import { NextResponse, type NextFetchEvent } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { getAuthSecret } from "@/lib/env";
import { isCrossOriginWrite } from "@/lib/cross-origin";

// Signed-out visitors to portal pages go to the sign-in page. This is only the
// first gate: every page, action and route re-checks the caller on the server.
const authProxy = withAuth({ pages: { signIn: "/sign-in" }, secret: getAuthSecret() });

export default function proxy(request: NextRequestWithAuth, event: NextFetchEvent) {
  // A server action posted from another site: refused here as 403 (Next itself would answer 500).
  if (isCrossOriginWrite(request)) {
    return NextResponse.json({ error: { code: "FORBIDDEN", message: "Cross-origin requests are refused." } }, { status: 403 });
  }
  return authProxy(request, event);
}

export const config = { matcher: ["/a/:path*"] };
