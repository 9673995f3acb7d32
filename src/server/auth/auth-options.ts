import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getAuthSecret } from "@/lib/env";
import { db } from "@/server/db";
import { GENERIC_SIGN_IN_ERROR, verifyCredentials } from "./verify-credentials";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(200),
});

/**
 * The client's address, only when a proxy we trust sets it (TRUST_PROXY_HEADERS=1):
 * otherwise anyone could rotate the header to dodge the limit, or share one key and
 * lock everybody out. Without it only the per-email limit applies.
 */
function clientKeyOf(headers: Record<string, unknown> | undefined): string | null {
  if (process.env.TRUST_PROXY_HEADERS !== "1") return null;
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  const realIp = headers?.["x-real-ip"];
  return first || (typeof realIp === "string" ? realIp : "") || null;
}

export const authOptions: NextAuthOptions = {
  secret: getAuthSecret(),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
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
            clientKey: clientKeyOf(req?.headers as Record<string, unknown> | undefined),
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
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};
