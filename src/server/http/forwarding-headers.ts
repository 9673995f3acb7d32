import http from "node:http";
import { trustsProxyHeaders } from "@/server/auth/client-address";

/**
 * Headers by which a proxy tells the app about the client. Without a proxy we
 * trust, whatever a client writes there is a claim, not a fact: dropping them
 * as the request arrives lets Next's server fill `x-forwarded-*` from the
 * connection itself (docs/security.md, "Client address").
 */
export const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
] as const;

export function dropForwardingHeaders(request: http.IncomingMessage): void {
  for (const name of FORWARDING_HEADERS) delete request.headers[name];
}

const INSTALLED = Symbol.for("msp-portal.forwarding-header-guard");

/**
 * Wraps `http.Server`'s request event (as OpenTelemetry's HTTP instrumentation
 * does) so every request any HTTP server of this process receives is cleaned
 * before Next's handler reads it. Called once from src/instrumentation.ts, which
 * Next runs when the server starts; installing twice is a no-op.
 */
export function installForwardingHeaderGuard(prototype: http.Server = http.Server.prototype): void {
  const target = prototype as http.Server & { [INSTALLED]?: true };
  if (target[INSTALLED]) return;
  const originalEmit = target.emit;
  target.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request" && !trustsProxyHeaders()) dropForwardingHeaders(args[0] as http.IncomingMessage);
    return originalEmit.apply(this, [event, ...args] as Parameters<typeof originalEmit>);
  } as typeof target.emit;
  target[INSTALLED] = true;
}
