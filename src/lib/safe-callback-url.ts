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

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/**
 * next-auth answers a 500 to a `callbackUrl` (query or cookie) it cannot parse
 * as a URL, such as one holding NUL. Before its route sees the request, such a
 * value is replaced by the same safe path the sign-in page would use; a value
 * that is already a safe path passes unchanged. Returns null when nothing
 * needs changing.
 */
export function saneAuthRequest(
  url: URL,
  cookies: { name: string; value: string }[],
  origin: string | null,
): { url: URL; cookieHeader: string | null } | null {
  let changed = false;
  const next = new URL(url);
  const query = url.searchParams.get("callbackUrl");
  if (query !== null && !isSafeAsIs(query, origin)) {
    next.searchParams.set("callbackUrl", safeCallbackPath(query, origin));
    changed = true;
  }
  let cookieChanged = false;
  const rewritten = cookies.map(({ name, value }) => {
    if (!CALLBACK_COOKIES.includes(name) || isSafeAsIs(value, origin)) return `${name}=${encodeURIComponent(value)}`;
    cookieChanged = true;
    return `${name}=${encodeURIComponent(safeCallbackPath(value, origin))}`;
  });
  if (!changed && !cookieChanged) return null;
  return { url: next, cookieHeader: cookieChanged ? rewritten.join("; ") : null };
}

/** A value next-auth may keep: a safe path, or an absolute URL of the portal itself. */
function isSafeAsIs(value: string, origin: string | null): boolean {
  if (safeCallbackPath(value, origin) === value) return true;
  if (!origin) return false;
  try {
    const parsed = new URL(value);
    return parsed.origin === new URL(origin).origin && safeCallbackPath(value, origin) === `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return false;
  }
}
