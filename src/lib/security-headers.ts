/**
 * Security headers of every response (docs/security.md). The fixed ones are
 * set for every path by next.config.ts (static files included) and again by
 * the proxy on the responses it makes; the Content-Security-Policy carries a
 * fresh nonce per request and is set by src/proxy.ts, as is HSTS, which
 * depends on NEXTAUTH_URL at run time. Pure: next.config.ts imports it.
 */
export const FIXED_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Older browsers' form of frame-ancestors 'none'.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** Two years, subdomains included, only when the portal is served over HTTPS. */
export function strictTransportSecurity(publicUrl: string | undefined): string | null {
  return publicUrl?.startsWith("https://") ? "max-age=63072000; includeSubDomains" : null;
}

/**
 * Scripts run only with this request's nonce (Next puts it on its own scripts,
 * reading it from the request's CSP header) or when loaded by such a script
 * ('strict-dynamic'). Styles allow inline ones: React renders `style`
 * attributes, which a nonce cannot cover, and injected CSS cannot run code.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    // React's development build evaluates code for its error overlay and fast refresh.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export function generateNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
