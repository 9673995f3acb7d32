import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { resolveWebhookHost, WebhookUrlRefused, type CheckedAddress } from "./webhook-url";

/** A receiver has this long to answer, from the first byte sent (docs/webhooks.md#delivery). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Of the answer only this much is read: receivers are asked to answer quickly and briefly. */
const MAX_RESPONSE_BYTES = 4096;

export interface PostResult {
  ok: boolean;
  /** The receiver's HTTP status; null when none came (refused, timed out, connection failed). */
  responseCode: number | null;
  latencyMs: number;
  /** Why it failed, in words a person can act on; null on success. */
  error: string | null;
}

/**
 * Connects only to the addresses resolved and checked before the request: the
 * name is never resolved a second time (no DNS rebinding between check and use).
 */
function pinnedLookup(addresses: CheckedAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as LookupFunction;
}

/**
 * POSTs one signed event: checks the URL's addresses (SSRF rule), connects to a
 * checked one, and reports the answer. 2xx is success; a redirect is not followed
 * and counts as a failure. Never throws for the receiver's sake.
 */
export async function postWebhook(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
  allowPrivate?: boolean;
}): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  let addresses: CheckedAddress[];
  try {
    url = new URL(options.url);
    addresses = await resolveWebhookHost(url, { allowPrivate: options.allowPrivate });
  } catch (error) {
    const message = error instanceof WebhookUrlRefused ? error.message : "The URL is not valid.";
    return { ok: false, responseCode: null, latencyMs: elapsed(), error: message };
  }
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const request = transport.request(
      url,
      {
        method: "POST",
        headers: { ...options.headers, "content-type": "application/json", "content-length": Buffer.byteLength(options.body).toString(), "user-agent": "MSP-License-Portal-Webhooks/1" },
        lookup: pinnedLookup(addresses),
        agent: false,
      },
      (response) => {
        const code = response.statusCode ?? 0;
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () =>
          finish(code >= 200 && code < 300 ? { ok: true, responseCode: code, error: null } : { ok: false, responseCode: code, error: `The receiver answered HTTP ${code}.` });
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({ ok: false, responseCode: null, error: `No answer within ${Math.round(timeoutMs / 1000)} seconds.` });
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => {
      finish({ ok: false, responseCode: null, error: `Could not connect: ${error.code ?? error.message}`.slice(0, 300) });
    });
    request.end(options.body);
  });
}
