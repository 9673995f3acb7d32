import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { getAuthSecret } from "@/lib/env";
import { isCrossOriginWrite } from "@/lib/cross-origin";
import { portalOrigin, saneAuthRequest } from "@/lib/safe-callback-url";
import {
  contentSecurityPolicy,
  FIXED_SECURITY_HEADERS,
  generateNonce,
  strictTransportSecurity,
} from "@/lib/security-headers";

// Signed-out visitors to portal pages go to the sign-in page. This is only the
// first gate: every page, action and route re-checks the caller (and their
// session) on the server. Without a function of its own, withAuth answers
// nothing for a signed-in visitor and a redirect for anyone else.
const portalGate = withAuth({ pages: { signIn: "/sign-in" }, secret: getAuthSecret() });

/**
 * Every request but Next's static files passes here: a fresh CSP nonce goes to
 * the request (Next reads it from the request's CSP header and puts it on its
 * scripts, so pages render per request) and the security headers onto the
 * response (src/lib/security-headers.ts, docs/security.md).
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const nonce = generateNonce();
  const hsts = strictTransportSecurity(process.env.NEXTAUTH_URL);
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https: hsts !== null });

  const isPortalPage = request.nextUrl.pathname === "/a" || request.nextUrl.pathname.startsWith("/a/");
  const refused = isPortalPage ? await portalGate(request as NextRequestWithAuth, event) : undefined;

  let response: Response;
  if (isCrossOriginWrite(request)) {
    // A server action posted from another site: refused here as 403 (Next itself would answer 500).
    response = NextResponse.json({ error: { code: "FORBIDDEN", message: "Cross-origin requests are refused." } }, { status: 403 });
  } else if (refused instanceof Response) {
    response = refused;
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
    // next-auth's own routes answer 500 to a callbackUrl that is not a URL: they get the safe path.
    const sane = request.nextUrl.pathname.startsWith("/api/auth/")
      ? saneAuthRequest(new URL(request.url), request.cookies.getAll(), portalOrigin() ?? request.nextUrl.origin)
      : null;
    if (sane?.cookieHeader) requestHeaders.set("cookie", sane.cookieHeader);
    response = sane ? NextResponse.rewrite(sane.url, { request: { headers: requestHeaders } }) : NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("Content-Security-Policy", csp);
  for (const { key, value } of FIXED_SECURITY_HEADERS) response.headers.set(key, value);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = {
  // Static files (immutable build output) get the fixed headers from next.config.ts.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
