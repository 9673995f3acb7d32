import { withAuth } from "next-auth/middleware";
import { getAuthSecret } from "@/lib/env";

// Signed-out visitors to portal pages go to the sign-in page. This is only the
// first gate: every page, action and route re-checks the caller on the server.
export default withAuth({ pages: { signIn: "/sign-in" }, secret: getAuthSecret() });

export const config = { matcher: ["/a/:path*"] };
