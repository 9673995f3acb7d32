/** Server configuration read once; every variable is listed in .env.example. */
export function getAuthSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (secret) return secret;
  if (process.env.NODE_ENV === "production") {
    throw new Error("NEXTAUTH_SECRET must be set in production.");
  }
  // Development and tests only: a fixed secret so `npm run dev` needs no set-up.
  return "development-only-secret-change-me-in-production";
}
