/** Server configuration; every variable is listed in .env.example. */
export function getAuthSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (secret) return secret;
  // `next build` loads route modules to collect their config; the secret is needed only when serving.
  if (process.env.NEXT_PHASE === "phase-production-build") return "build-time-placeholder";
  if (process.env.NODE_ENV === "production") {
    throw new Error("NEXTAUTH_SECRET must be set in production.");
  }
  // Development and tests only: a fixed secret so `npm run dev` needs no set-up.
  return "development-only-secret-change-me-in-production";
}
