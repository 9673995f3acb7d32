import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getAuthSecret } from "@/lib/env";
import { isUuid } from "@/lib/ids";
import { safeCallbackPath } from "@/lib/safe-callback-url";
import { db } from "@/server/db";
import { clientAddressOf } from "./client-address";
import { endSession, SESSION_MAX_AGE_SECONDS, startSession } from "./sessions";
import { GENERIC_SIGN_IN_ERROR, verifyCredentials } from "./verify-credentials";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(200),
});

export const authOptions: NextAuthOptions = {
  secret: getAuthSecret(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) throw new Error(GENERIC_SIGN_IN_ERROR);
        try {
          const { userId } = await verifyCredentials(db, {
            ...parsed.data,
            clientKey: clientAddressOf(req?.headers as Record<string, unknown> | undefined),
          });
          return { id: userId };
        } catch (error) {
          // next-auth passes the message to the sign-in page; only our own messages get there.
          if (error instanceof AppError) throw new Error(error.message);
          console.error("sign-in failed", error);
          throw new Error("Sign-in is unavailable right now. Try again shortly.");
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      // Only at sign-in: the token names the session row every request checks (sessions.ts).
      if (user) {
        token.sub = user.id;
        token.sid = await startSession(db, { userId: user.id });
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, sessionId: token.sid };
    },
    // next-auth's own redirects (after sign-in or sign-out) stay on the portal, by the same rule as the sign-in page.
    redirect({ url, baseUrl }) {
      return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
    },
  },
  events: {
    async signOut({ token }) {
      const sessionId = (token as { sid?: unknown } | null)?.sid;
      if (isUuid(sessionId)) await endSession(db, { sessionId });
    },
  },
};
