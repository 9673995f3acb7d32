/**
 * Where to send someone after signing in (or when a signed-in person opens the
 * sign-in page): only a path of the portal itself, never another site.
 *
 * The callback is resolved with `new URL` against the portal's own origin, the
 * way a browser would read it: browsers treat `\` as `/` and drop tabs and
 * newlines, so `/\evil.example` or `/<TAB>/evil.example` are other hosts, and
 * `/.//evil.example` normalises to the protocol-relative `//evil.example`.
 * Whatever does not land on the same origin with a single-slash path becomes
 * "/" (docs/security.md).
 */
export const FALLBACK_CALLBACK_PATH = "/";

/** Used when the portal's origin is not known (NEXTAUTH_URL unset): only relative paths can match it. */
const PLACEHOLDER_ORIGIN = "http://portal.invalid";

export function safeCallbackPath(raw: unknown, origin: string | null | undefined = null): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return FALLBACK_CALLBACK_PATH;
  let base: URL;
  try {
    base = new URL(origin || PLACEHOLDER_ORIGIN);
  } catch {
    base = new URL(PLACEHOLDER_ORIGIN);
  }
  let resolved: URL;
  try {
    resolved = new URL(raw, base.origin);
  } catch {
    return FALLBACK_CALLBACK_PATH;
  }
  if (resolved.origin !== base.origin) return FALLBACK_CALLBACK_PATH;
  // A path starting with two slashes would be read as another host once used as a link.
  if (resolved.pathname.startsWith("//")) return FALLBACK_CALLBACK_PATH;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** The portal's public origin from NEXTAUTH_URL, or null when it is not configured. */
export function portalOrigin(): string | null {
  const configured = process.env.NEXTAUTH_URL;
  if (!configured) return null;
  try {
    return new URL(configured).origin;
  } catch {
    return null;
  }
}
