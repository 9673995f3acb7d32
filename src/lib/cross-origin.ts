/*
 * Next refuses a server action posted from another origin (CSRF protection) but
 * answers it with a 500. The proxy refuses such posts first, as 403, with the
 * same rule Next applies: the Origin's host must be the request's own host
 * (x-forwarded-host when a proxy set it, else Host). Rules: docs/input-validation.md.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function ownHost(headers: Headers): string | undefined {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host") || undefined;
}

function originHost(origin: string): string {
  if (origin === "null") return "null";
  try {
    return new URL(origin).host;
  } catch {
    return "";
  }
}

/** A state-changing request whose Origin names another site. No Origin (a handcrafted request) passes on, as in Next. */
export function isCrossOriginWrite(request: { method: string; headers: Headers }): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  return originHost(origin) !== ownHost(request.headers);
}
