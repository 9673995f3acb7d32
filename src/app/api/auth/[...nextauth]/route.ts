import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/auth-options";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * Signing in with a password has only a POST callback; next-auth answers a GET
 * of it with a 500 ("Callback for provider type credentials not supported"),
 * so that GET is refused here as what it is: a method this route does not take.
 */
async function GET(request: Request, context: Context): Promise<Response> {
  const [action] = (await context.params).nextauth ?? [];
  if (action === "callback") {
    return Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: "Sign in with POST." } }, { status: 405, headers: { Allow: "POST" } });
  }
  return handler(request, context);
}

export { GET, handler as POST };
